"""On a phone the header is one compact row: the site's name and a "Menu" control that opens
the navigation, the account and the language; on a wide screen it stays one open row."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COMPACT_HEADER = 64


def header_height(page):
    return page.locator("header.site-header").bounding_box()["height"]


def main_navigation(page):
    return page.locator("header.site-header nav")


def test_the_header_is_one_compact_row_on_a_phone_in_every_language(phone, demo, prefer_language):
    heights = {}
    for language, _name in settings.LANGUAGES:
        prefer_language(phone, language)
        phone.goto("/events/")
        assert phone.locator("html").get_attribute("lang") == language
        heights[language] = header_height(phone)
        brand = phone.locator(".site-header .brand").bounding_box()
        toggle = phone.locator("summary.site-menu-toggle").bounding_box()
        # Side by side, in one row, both within the screen.
        assert toggle["y"] < brand["y"] + brand["height"], language
        assert brand["y"] < toggle["y"] + toggle["height"], language
        assert min(brand["x"], toggle["x"]) >= 0, language
        assert max(brand["x"] + brand["width"], toggle["x"] + toggle["width"]) <= 360, language
        expect(main_navigation(phone)).to_be_hidden()

    assert {language: h for language, h in heights.items() if h > COMPACT_HEADER} == {}


def test_the_menu_opens_and_its_links_lead_to_their_pages(phone, demo, live_server):
    phone.goto("/")
    menu = phone.locator("summary.site-menu-toggle")
    expect(menu).to_have_text("Menu")
    expect(phone.locator("details.site-menu")).not_to_have_attribute("open", "")

    menu.click()

    navigation = main_navigation(phone)
    expect(navigation).to_be_visible()
    assert navigation.get_by_role("link").all_inner_texts() == [
        "Events",
        "Calendar",
        "Map",
        "Organizations",
        "Figures",
    ]
    expect(phone.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    expect(phone.get_by_label("Site language")).to_be_visible()
    # The open menu lies within the screen's width.
    panel = phone.locator(".site-menu-panel").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 360

    navigation.get_by_role("link", name="Organizations").click()

    phone.wait_for_url(f"{live_server.url}/organizations/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Organizations"
    # On the new page the menu is folded again, and names the page it is on.
    expect(main_navigation(phone)).to_be_hidden()
    phone.locator("summary.site-menu-toggle").click()
    current = main_navigation(phone).locator("a[aria-current=page]")
    expect(current).to_have_text("Organizations")


def test_the_menu_is_reached_opened_and_closed_with_the_keyboard(phone, demo, live_server):
    phone.goto("/")
    for _ in range(5):
        phone.keyboard.press("Tab")
        if phone.evaluate("() => document.activeElement.matches('summary.site-menu-toggle')"):
            break
    else:
        raise AssertionError("Tab never reached the Menu control")

    phone.keyboard.press("Enter")
    expect(main_navigation(phone)).to_be_visible()
    phone.keyboard.press("Escape")
    expect(main_navigation(phone)).to_be_hidden()
    assert phone.evaluate("() => document.activeElement.matches('summary.site-menu-toggle')")

    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("() => document.activeElement.textContent")
    assert focused == "Events"
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    assert phone.url == f"{live_server.url}/events/"


def test_the_language_can_be_changed_from_the_phone_menu(phone, demo, live_server):
    phone.goto("/calendar/2024/2/")
    phone.locator("summary.site-menu-toggle").click()
    phone.get_by_label("Site language").select_option("de")
    with phone.expect_navigation():
        phone.locator("form.language-switcher button[type=submit]").click()

    assert phone.url == f"{live_server.url}/calendar/2024/2/"
    assert phone.locator("html").get_attribute("lang") == "de"
    expect(phone.locator("summary.site-menu-toggle")).to_have_text("Menü")
    assert header_height(phone) <= COMPACT_HEADER


def test_the_menu_works_without_javascript(phone_without_javascript, demo, live_server):
    phone = phone_without_javascript
    phone.goto("/")
    assert header_height(phone) <= COMPACT_HEADER
    expect(main_navigation(phone)).to_be_hidden()

    phone.locator("summary.site-menu-toggle").click()
    main_navigation(phone).get_by_role("link", name="Calendar").click()

    phone.wait_for_url(f"{live_server.url}/calendar/**")
    assert phone.locator("table.calendar caption").count() == 1


def test_the_header_stays_one_open_row_on_a_wide_screen(page, demo):
    page.goto("/")

    expect(page.locator("summary.site-menu-toggle")).to_be_hidden()
    expect(main_navigation(page)).to_be_visible()
    expect(page.get_by_label("Site language")).to_be_visible()
    assert header_height(page) <= COMPACT_HEADER
    # Brand, navigation, account and language on one line.
    tops = [
        page.locator(selector).bounding_box()["y"]
        for selector in (
            ".brand",
            "header nav a >> nth=0",
            ".account a",
            ".language-switcher select",
        )
    ]
    assert max(tops) - min(tops) < 20


def test_going_back_to_a_phone_width_folds_the_menu(page, demo):
    page.goto("/")
    expect(main_navigation(page)).to_be_visible()

    page.set_viewport_size({"width": 360, "height": 740})

    expect(main_navigation(page)).to_be_hidden()
    expect(page.locator("summary.site-menu-toggle")).to_be_visible()
