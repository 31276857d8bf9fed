"""Sharing an event without any other site's script: plain share addresses, and a QR code.

Each network's own "share" address takes the event's address (and title) in its query
string; a click opens it, nothing of theirs loads on our page. Mastodon and the rest of
the Fediverse have no single server: the link goes to our own page where the visitor
names theirs (fediverse_share_url), and no other service learns of it.
"""

import re
from urllib.parse import quote, urlencode

import segno
from django.utils.translation import gettext_lazy as _


def share_links(url, title, *, fediverse=None):
    """[(label, address)] for the event at the absolute `url`; `fediverse` is the address
    of our page that asks for the visitor's Mastodon server."""
    text = f"{title} {url}"
    return [
        (_("E-mail"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("Signal", "https://signal.me/#text=" + quote(text)),
        *([("Mastodon", fediverse)] if fediverse else []),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("VK", "https://vk.com/share.php?" + urlencode({"url": url, "title": title})),
    ]


# A server's host name as people give it: "mastodon.social", "https://mastodon.social/",
# or their address "@name@mastodon.social".
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


def fediverse_host(given):
    """The host name in what a visitor typed for their server, or None."""
    given = (given or "").strip().lower()
    given = re.sub(r"^https?://", "", given).split("/", 1)[0]
    if given.count("@"):
        given = given.rsplit("@", 1)[1]
    given = given.rstrip(".")
    if len(given) > 253 or not HOST.fullmatch(given) or given.rsplit(".", 1)[1].isdigit():
        return None
    return given


def fediverse_share_url(host, text):
    """The compose page of a Mastodon-compatible server, with `text` filled in."""
    return f"https://{host}/share?" + urlencode({"text": text})


def qr_code(url):
    """The QR code of `url`, made on the server with segno."""
    return segno.make(url, error="m")


def qr_svg(url, *, title):
    """The QR code as an inline <svg> (no style attribute: CSP-safe), titled for screen readers."""
    return qr_code(url).svg_inline(scale=6, title=title, svgclass="qr-code", lineclass="qr-line")
