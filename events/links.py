"""Web addresses as people type them: the one rule for every door that takes a link."""

import re

from django import forms

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


class LinkField(forms.URLField):
    """A web address as people type it: https:// is added when they leave it out.

    A text input, not type="url": the browser's own check would refuse
    meet.example.org/abc, which the server accepts; inputmode still brings the phone's
    keyboard for addresses."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "url"}

    def to_python(self, value):
        return super().to_python(with_https(value))
