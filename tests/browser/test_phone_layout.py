"""On a 360-pixel-wide phone the public pages fit: nothing scrolls sideways."""

import pytest

pytestmark = pytest.mark.browser


def widths_beyond_the_screen(phone, pages):
    widths = {}
    for name, url in pages.items():
        phone.goto(url)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > 360:
            widths[f"{name} ({url})"] = width
    return widths


def test_public_pages_fit_a_360_pixel_phone(phone, public_pages):
    assert widths_beyond_the_screen(phone, public_pages) == {}


def test_french_pages_fit_a_360_pixel_phone(phone, public_pages, prefer_language):
    """French runs longer than English: the header, filters and calendar still fit."""
    prefer_language(phone, "fr")
    pages = {name: public_pages[name] for name in ("home", "event list", "calendar", "event")}

    assert widths_beyond_the_screen(phone, pages) == {}
    assert phone.locator("html").get_attribute("lang") == "fr"


def test_member_area_fits_a_360_pixel_phone(phone, member_pages, log_in_as_demo_member):
    log_in_as_demo_member(phone)

    assert widths_beyond_the_screen(phone, member_pages) == {}
