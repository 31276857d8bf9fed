"""Web addresses as people type them: the one rule for every door that takes a link."""

import re

# A scheme: https:, http:, mailto:. Not the host of "host:port" (meet.example.org:8443/room),
# which has the shape of a scheme too but is followed by digits.
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


def with_https(link):
    """The link with https:// in front when it was left out: meet.example.org/abc gives
    https://meet.example.org/abc. A link that names its scheme is left for the validators
    to judge; an empty one stays empty."""
    link = (link or "").strip()
    if not link or _SCHEME.match(link):
        return link
    return f"https:{link}" if link.startswith("//") else f"https://{link}"
