"""The language switcher in the header translates the page and keeps the visitor on it."""

import re

import pytest

pytestmark = pytest.mark.browser


def switch_language(page, label, code):
    page.get_by_label(label, exact=True).select_option(code)
    with page.expect_navigation():
        page.locator("form.language-switcher button[type=submit]").click()


def test_switching_to_spanish_then_french_translates_the_home_page(page, live_server, demo):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()[
        :4
    ] == ["Events", "Calendar", "Map", "Organizations"]

    switch_language(page, "Site language", "es")

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "es"
    nav = page.get_by_role("navigation", name="Principal")
    assert nav.get_by_role("link").all_inner_texts()[:4] == [
        "Eventos",
        "Calendario",
        "Mapa",
        "Organizaciones",
    ]
    assert page.get_by_label("Idioma del sitio", exact=True).input_value() == "es"

    switch_language(page, "Idioma del sitio", "fr")

    assert page.locator("html").get_attribute("lang") == "fr"
    nav = page.get_by_role("navigation", name="Principal")
    assert nav.get_by_role("link").all_inner_texts()[:4] == [
        "Événements",
        "Calendrier",
        "Carte",
        "Organisations",
    ]
    assert page.get_by_label("Langue du site", exact=True).input_value() == "fr"


def tab_to(page, selector, limit=30):
    """Presses Tab until the element matching selector has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_language_can_be_changed_with_the_keyboard_alone(page, live_server, demo):
    page.goto("/calendar/2024/2/")

    tab_to(page, "#language-switcher-select")
    page.keyboard.press("ArrowDown")  # English -> Español
    tab_to(page, "form.language-switcher button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{live_server.url}/calendar/2024/2/"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("table.calendar caption").inner_text() == "febrero de 2024"


def test_switching_language_on_a_filtered_list_keeps_the_filter(page, demo):
    page.goto("/events/?country=EC")
    shown = page.locator(".result-count").inner_text()

    switch_language(page, "Site language", "es")

    assert page.url.endswith("/events/?country=EC")
    assert page.locator("h1").inner_text() == "Eventos"
    # The same figures, now said in Spanish ("10 eventos, 1 de ellos cancelado").
    counted = page.locator(".result-count").inner_text()
    assert counted.split()[1].rstrip(",") == "eventos"
    assert re.findall(r"\d+", counted) == re.findall(r"\d+", shown)
    assert page.get_by_label("País", exact=True).input_value() == "EC"
    assert page.get_by_role("button", name="Mostrar los eventos").is_visible()


def test_french_calendar_names_its_months_and_dates_in_french(page, demo):
    page.goto("/calendar/")
    switch_language(page, "Site language", "fr")
    caption = page.locator("table.calendar caption")
    assert caption.inner_text() == "janvier 2024"

    page.locator(".month-nav a[rel=next]").click()
    page.wait_for_url("**/calendar/2024/2/")
    assert caption.inner_text() == "février 2024"
    page.locator("table.calendar td.has-events li a").first.click()

    assert page.locator(".facts dt").all_inner_texts()[:1] == ["Quand"]
    when = page.locator(".facts dd time").first.inner_text()
    assert re.fullmatch(r"\w+, \d{1,2} février 2024 \d\d:\d\d", when), when
