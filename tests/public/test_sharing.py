"""Sharing an event: plain share links, the poster and its QR code read back by a decoder."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image, ImageDraw

from tests.factories import EventFactory
from tests.public.conftest import S

QR_PATH = re.compile(r'<svg[^>]*class="qr-code"[^>]*>.*?<path[^>]* d="([^"]+)"', re.S)


@pytest.fixture
def public_event(commemoration, organization):
    return EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Lecture & film: the centenary",
        status=S.APPROVED,
        city="Quito",
        country="EC",
    )


def qr_image(svg_path, quiet=4, pixels=8):
    """Draw segno's path (one horizontal run per "h", relative moves "m") as an image."""
    tokens = re.findall(r"[Mmh]|-?\d+(?:\.\d+)?", svg_path)
    runs, x, y, i = [], 0.0, 0.0, 0
    while i < len(tokens):
        op = tokens[i]
        if op == "M":
            x, y = float(tokens[i + 1]), float(tokens[i + 2])
            i += 3
        elif op == "m":
            x, y = x + float(tokens[i + 1]), y + float(tokens[i + 2])
            i += 3
        else:
            length = float(tokens[i + 1])
            runs.append((x, y - 0.5, length))
            x += length
            i += 2
    size = int(max(x0 + length for x0, _y, length in runs) + quiet)
    image = Image.new("L", (size * pixels, size * pixels), 255)
    draw = ImageDraw.Draw(image)
    for x0, y0, length in runs:
        draw.rectangle(
            [x0 * pixels, y0 * pixels, (x0 + length) * pixels - 1, (y0 + 1) * pixels - 1], fill=0
        )
    return image


def test_poster_qr_code_decodes_to_the_events_address(client, public_event):
    response = client.get(reverse("events:poster", args=[public_event.pk, public_event.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    address = "http://testserver" + public_event.get_absolute_url()
    path = QR_PATH.search(page).group(1)
    decoded = zxingcpp.read_barcodes(qr_image(path))
    assert [code.text for code in decoded] == [address]
    assert [code.format for code in decoded] == [zxingcpp.BarcodeFormat.QRCode]
    # The poster's details, and a print stylesheet; no style attribute (CSP).
    assert html.escape(public_event.title) in page
    assert "Quito, Ecuador" in page
    assert "/static/css/poster.css" in page
    assert "style=" not in page


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.REJECTED])
def test_no_poster_for_an_event_that_is_not_public(client, public_event, status):
    public_event.status = status
    public_event.save()
    response = client.get(reverse("events:poster", args=[public_event.pk, public_event.slug]))
    assert response.status_code == 404


def test_poster_with_an_old_slug_redirects(client, public_event):
    response = client.get(reverse("events:poster", args=[public_event.pk, "old-title"]))
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "events:poster", args=[public_event.pk, public_event.slug]
    )


def share_hrefs(page):
    section = page[page.index('<section class="share"') :]
    section = section[: section.index("</section>")]
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]+)"', section)]


def test_event_page_shares_by_plain_links_and_loads_no_other_sites_script(client, public_event):
    page = client.get(public_event.get_absolute_url()).content.decode()
    address = "http://testserver" + public_event.get_absolute_url()
    hrefs = share_hrefs(page)
    by_host = {urlsplit(href).netloc or urlsplit(href).scheme: href for href in hrefs}
    assert parse_qs(urlsplit(by_host["mailto"]).query) == {
        "subject": [public_event.title],
        "body": [address],
    }
    assert parse_qs(urlsplit(by_host["t.me"]).query)["url"] == [address]
    assert parse_qs(urlsplit(by_host["wa.me"]).query)["text"] == [f"{public_event.title} {address}"]
    assert parse_qs(urlsplit(by_host["x.com"]).query)["url"] == [address]
    assert parse_qs(urlsplit(by_host["www.facebook.com"]).query)["u"] == [address]
    assert parse_qs(urlsplit(by_host["bsky.app"]).query)["text"] == [
        f"{public_event.title} {address}"
    ]
    # Mastodon: our own page, where the visitor names their server; no other service.
    fediverse = reverse("events:share_fediverse", args=[public_event.pk, public_event.slug])
    assert fediverse in hrefs
    assert not any("kytta" in href for href in hrefs)
    assert reverse("events:poster", args=[public_event.pk, public_event.slug]) in hrefs
    # The copy button: our own static script, the address in a data attribute.
    assert f'data-copy="{address}"' in page
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", page)
    assert sorted(scripts) == [
        "/static/js/share.js",
        "/static/js/site-menu.js",
        "/static/js/visitor-time.js",
    ]


def test_hidden_event_page_offers_no_sharing(client, member_client, public_event):
    public_event.status = S.DRAFT
    public_event.save()
    page = member_client.get(public_event.get_absolute_url()).content.decode()
    assert 'class="share"' not in page


def fediverse_page(client, event, **query):
    url = reverse("events:share_fediverse", args=[event.pk, event.slug])
    return client.get(url, query)


def test_the_fediverse_page_asks_for_the_server_and_gives_its_compose_link(client, public_event):
    empty = fediverse_page(client, public_event)
    assert empty.status_code == 200
    assert 'name="server"' in empty.content.decode()
    address = "http://testserver" + public_event.get_absolute_url()

    for given in ("mastodon.social", "https://Mastodon.Social/about", "@ana@mastodon.social"):
        page = fediverse_page(client, public_event, server=given).content.decode()
        link = html.unescape(re.search(r'<a href="(https://mastodon\.social/[^"]+)"', page)[1])
        assert urlsplit(link).path == "/share"
        assert parse_qs(urlsplit(link).query)["text"] == [f"{public_event.title} {address}"]


@pytest.mark.parametrize(
    "given", ["localhost", "127.0.0.1", "a" * 300, "-a.org", "ana@", "mastodon.social:8443"]
)
def test_a_bad_server_name_is_refused_and_kept_to_correct(client, public_event, given):
    response = fediverse_page(client, public_event, server=given)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give a server&#x27;s name" in page or "Give a server's name" in page
    assert "/share?" not in page
    assert 'aria-invalid="true"' in page


def test_a_server_name_with_a_null_character_is_refused(client, public_event):
    response = fediverse_page(client, public_event, server="x\x00y.org")
    assert response.status_code == 400
    assert "/share?" not in response.content.decode()


def test_the_fediverse_page_never_redirects_to_the_named_host(client, public_event):
    response = fediverse_page(client, public_event, server="elsewhere.example")
    assert response.status_code == 200
    assert "Location" not in response


def test_no_fediverse_page_for_a_hidden_event(client, public_event):
    public_event.status = S.DRAFT
    public_event.save()
    assert fediverse_page(client, public_event).status_code == 404
