"""On a 360-pixel-wide phone every page fits: nothing scrolls sideways, in any language."""

import pytest

pytestmark = pytest.mark.browser

ARABIC_PAGES = ("home", "event list", "calendar", "event")


def widths_beyond_the_screen(phone, pages):
    """{page: its width} for the pages wider than the screen."""
    widths = {}
    for name, url in pages.items():
        phone.goto(url)
        width, screen = phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if width > screen:
            widths[f"{name} ({url})"] = width
    return widths


def test_public_pages_fit_a_360_pixel_phone(phone, public_pages):
    assert widths_beyond_the_screen(phone, public_pages) == {}


def test_pages_framed_by_other_sites_fit_a_360_pixel_phone(phone, embedded_pages):
    assert widths_beyond_the_screen(phone, embedded_pages) == {}


def test_french_pages_fit_a_360_pixel_phone(phone, public_pages, prefer_language):
    """French runs longer than English: the header, filters and calendar still fit."""
    prefer_language(phone, "fr")
    pages = {name: public_pages[name] for name in ("home", "event list", "calendar", "event")}

    assert widths_beyond_the_screen(phone, pages) == {}
    assert phone.locator("html").get_attribute("lang") == "fr"


@pytest.mark.parametrize("language", ["de", "ru"])
def test_pages_in_long_worded_languages_fit_a_360_pixel_phone(
    phone, public_pages, prefer_language, language
):
    """German and Russian words are long: the header's menu and the pages still fit."""
    prefer_language(phone, language)
    phone.goto("/")
    phone.locator("summary.site-menu-toggle").click()
    opened = phone.evaluate("() => document.documentElement.scrollWidth")

    assert widths_beyond_the_screen(phone, public_pages) == {}
    assert opened <= 360
    assert phone.locator("html").get_attribute("lang") == language


def test_arabic_pages_fit_a_360_pixel_phone_from_right_to_left(
    phone, public_pages, prefer_language
):
    """A right-to-left page that overflows scrolls to the left: scrollWidth counts it too."""
    prefer_language(phone, "ar")
    pages = {name: public_pages[name] for name in ARABIC_PAGES}
    phone.goto("/")
    phone.locator("summary.site-menu-toggle").click()
    opened = phone.evaluate("() => document.documentElement.scrollWidth")

    assert widths_beyond_the_screen(phone, pages) == {}
    assert opened <= 360
    assert phone.locator("html").get_attribute("dir") == "rtl"


def test_member_area_fits_a_360_pixel_phone(phone, member_pages, log_in_as_demo_member):
    log_in_as_demo_member(phone)

    assert widths_beyond_the_screen(phone, member_pages) == {}
