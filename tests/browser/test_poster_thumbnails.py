"""On a 360-pixel phone the list shows each poster's thumbnail beside the text, on the side
where lines end, and the phone downloads the thumbnail's 2x width, never the original."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def first_thumbnail(phone):
    phone.goto("/events/")
    thumbnail = phone.locator(".event-thumb").first
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_be_visible()
    # Loaded lazily: its pixels have come once it has a natural width.
    expect(thumbnail).not_to_have_js_property("naturalWidth", 0)
    card = thumbnail.locator("xpath=ancestor::article[1]")
    return thumbnail, thumbnail.bounding_box(), card.bounding_box()


def test_the_thumbnail_sits_at_the_end_of_the_line_and_is_the_small_version(phone, demo):
    thumbnail, box, card = first_thumbnail(phone)

    assert round(box["width"]) == 80
    assert box["x"] + box["width"] <= card["x"] + card["width"]
    assert box["x"] > card["x"] + card["width"] / 2  # on the right in English
    # 80 CSS pixels at a device pixel ratio of 2: the 160-pixel version.
    assert thumbnail.evaluate("img => img.currentSrc").endswith("-160w.webp")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_in_arabic_the_thumbnail_sits_on_the_left(phone, demo, prefer_language):
    prefer_language(phone, "ar")

    _thumbnail, box, card = first_thumbnail(phone)

    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert box["x"] >= card["x"]
    assert box["x"] + box["width"] < card["x"] + card["width"] / 2
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
