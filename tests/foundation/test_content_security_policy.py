"""The strict Content-Security-Policy is on every answer, and no template needs more.

tests/browser/test_content_security_policy.py checks in Chromium that the pages break none
of its rules; these tests check the header itself, and the templates' source.
"""

import re
from pathlib import Path

import pytest

from tests.factories import EventFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def policy_directives(header):
    """The directives of a Content-Security-Policy header: {name: [sources, sorted]}."""
    directives = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        directives[name] = sorted(sources)
    return directives


def policy(response):
    return policy_directives(response["Content-Security-Policy"])


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/events/?kind=film&country=FR",
        "/calendar/2024/1/",
        "/organizations/",
        "/events.ics",
        "/events/feed.atom",
        "/api/v1/events/",
        "/api/docs/",
        "/api/schema/",
        "/accounts/login/",
        "/accounts/join/",
        "/admin/login/",
        "/events/999999-nothing-here/",
    ],
)
def test_every_answer_carries_the_strict_content_security_policy(client, commemoration, path):
    response = client.get(path)

    assert response.status_code in {200, 404}
    assert policy(response) == STRICT_POLICY


def test_event_page_carries_the_strict_content_security_policy(client, commemoration):
    event = EventFactory(commemoration=commemoration, status="approved")

    response = client.get(event.get_absolute_url())

    assert policy(response) == STRICT_POLICY


def test_member_area_carries_the_strict_content_security_policy(member_client):
    for path in ("/my/", "/my/events/new/", "/my/token/", "/accounts/members/"):
        assert policy(member_client.get(path)) == STRICT_POLICY, path


INLINE_CODE = {
    # A <script> element without src, other than a data block (JSON-LD) that is not run.
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>"),
    "style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle\s*="),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def test_templates_hold_no_inline_script_style_or_event_handler():
    found = [
        f"{template.relative_to(TEMPLATES)}: {what}"
        for template in sorted(TEMPLATES.rglob("*.html"))
        for what, pattern in INLINE_CODE.items()
        if pattern.search(template.read_text())
    ]

    assert found == []
