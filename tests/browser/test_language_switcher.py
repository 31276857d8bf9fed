"""The language switcher in the header translates the page and keeps the visitor on it."""

import pytest

pytestmark = pytest.mark.browser


def switch_language(page, label, code):
    page.get_by_label(label, exact=True).select_option(code)
    with page.expect_navigation():
        page.locator("form.language-switcher button[type=submit]").click()


def test_switching_to_spanish_then_french_translates_the_home_page(page, demo):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()[
        :3
    ] == ["Events", "Calendar", "Organizations"]

    switch_language(page, "Language", "es")

    assert page.url.endswith("/")
    assert page.locator("html").get_attribute("lang") == "es"
    nav = page.get_by_role("navigation", name="Principal")
    assert nav.get_by_role("link").all_inner_texts()[:3] == [
        "Eventos",
        "Calendario",
        "Organizaciones",
    ]
    assert page.get_by_label("Idioma", exact=True).input_value() == "es"

    switch_language(page, "Idioma", "fr")

    assert page.locator("html").get_attribute("lang") == "fr"
    nav = page.get_by_role("navigation", name="Principal")
    assert nav.get_by_role("link").all_inner_texts()[:3] == [
        "Événements",
        "Calendrier",
        "Organisations",
    ]
    assert page.get_by_label("Langue", exact=True).input_value() == "fr"


def test_language_switcher_keeps_the_visitor_on_the_same_page_and_query(page, demo):
    page.goto("/?from=switcher")

    switch_language(page, "Language", "fr")

    assert page.url == f"{page.url.split('/?')[0]}/?from=switcher"
    assert page.locator("html").get_attribute("lang") == "fr"
