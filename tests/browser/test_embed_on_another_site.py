"""The snippets of "put this calendar on your site" pasted in a page of another site."""

import functools
import http.server
import threading

import pytest

from events.models import Event

pytestmark = pytest.mark.browser

ORGANIZATION = "sample-party-ec"


@pytest.fixture
def other_site(tmp_path):
    """A plain web server on another local port, serving the files of `tmp_path`."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_iframe_and_script_snippets_show_the_events_on_another_site(page, demo, other_site):
    titles = list(
        Event.objects.public()
        .filter(organization__slug=ORGANIZATION)
        .order_by("starts_at")
        .values_list("title", flat=True)
    )
    assert titles
    page.goto(f"/organizations/{ORGANIZATION}/")
    page.locator(".embed-box summary").click()
    codes = page.locator(".embed-box pre code").all_inner_texts()
    iframe, _month, script = codes
    assert iframe.startswith("<iframe src=")

    folder, address = other_site
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>A party's site</title></head>"
        f"<body><h1>Our calendar</h1>{iframe}<section id='by-script'>{script}</section>"
        "</body></html>",
        encoding="utf-8",
    )
    page.goto(f"{address}/index.html")

    frame = page.frame_locator("iframe")
    frame.locator(".embed-event").first.wait_for()
    framed = frame.locator(".embed-event a").all_inner_texts()
    assert framed[0] == titles[0]
    assert set(framed) <= set(titles)

    page.locator("#by-script .commemoration-calendar li").first.wait_for()
    scripted = page.locator("#by-script .commemoration-calendar li a").all_inner_texts()
    assert scripted[0] == titles[0]
    assert set(scripted) <= set(titles)
    # Each entry leads to the event's own page on the commemoration's site.
    link = page.locator("#by-script .commemoration-calendar li a").first.get_attribute("href")
    assert "/events/" in link and not link.startswith(address)
