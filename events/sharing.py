"""Sharing an event without any other site's script: plain share addresses, and a QR code.

Each network's own "share" address takes the event's address (and title) in its query
string; a click opens it, nothing of theirs loads on our page. Mastodon has no single
server, so its link goes through a chooser where the visitor names their own.
"""

from urllib.parse import quote, urlencode

import segno
from django.utils.translation import gettext_lazy as _


def share_links(url, title):
    """[(label, address)] for the event at the absolute `url`."""
    text = f"{title} {url}"
    return [
        (_("E-mail"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("Signal", "https://signal.me/#text=" + quote(text)),
        ("Mastodon", "https://s2f.kytta.dev/?" + urlencode({"text": text})),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("VK", "https://vk.com/share.php?" + urlencode({"url": url, "title": title})),
    ]


def qr_code(url):
    """The QR code of `url`, made on the server with segno."""
    return segno.make(url, error="m")


def qr_svg(url, *, title):
    """The QR code as an inline <svg> (no style attribute: CSP-safe), titled for screen readers."""
    return qr_code(url).svg_inline(scale=6, title=title, svgclass="qr-code", lineclass="qr-line")
