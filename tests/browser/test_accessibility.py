"""axe-core finds no serious or critical accessibility problem on the public pages."""

import pprint

import pytest

from events.management.commands.seed_demo import DEMO_PASSWORDS

pytestmark = pytest.mark.browser


def violations_by_page(page, pages, run_axe):
    found = {}
    for name, url in pages.items():
        page.goto(url)
        violations = run_axe(page)
        if violations:
            found[f"{name} ({url})"] = violations
    return found


def test_public_pages_have_no_serious_accessibility_violation(
    page, public_pages, serious_accessibility_violations
):
    found = violations_by_page(page, public_pages, serious_accessibility_violations)

    assert found == {}, f"axe-core found:\n{pprint.pformat(found, width=100)}"


@pytest.mark.parametrize("language", ["es", "fr"])
def test_translated_pages_have_no_serious_accessibility_violation(
    page, public_pages, prefer_language, serious_accessibility_violations, language
):
    prefer_language(page, language)
    pages = {name: public_pages[name] for name in ("home", "event list", "calendar", "event")}

    found = violations_by_page(page, pages, serious_accessibility_violations)

    assert page.locator("html").get_attribute("lang") == language
    assert found == {}, f"axe-core found:\n{pprint.pformat(found, width=100)}"


def test_member_area_has_no_serious_accessibility_violation(
    page, member_pages, log_in_as_demo_member, serious_accessibility_violations
):
    log_in_as_demo_member(page)

    found = violations_by_page(page, member_pages, serious_accessibility_violations)

    assert found == {}, f"axe-core found:\n{pprint.pformat(found, width=100)}"


def test_figures_for_the_committee_have_no_serious_accessibility_violation(
    page, demo, serious_accessibility_violations
):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address or username").fill("committee")
    page.get_by_label("Password").fill(DEMO_PASSWORDS["committee"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

    found = violations_by_page(page, {"figures": "/figures/"}, serious_accessibility_violations)

    assert page.locator("#committee").count() == 1
    assert found == {}, f"axe-core found:\n{pprint.pformat(found, width=100)}"
