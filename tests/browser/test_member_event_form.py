"""A member registers an event in a real browser: the form, its errors, its languages."""

import pprint

import pytest

from events.models import Event

pytestmark = pytest.mark.browser


def test_the_event_form_has_no_serious_accessibility_violation(
    page, log_in_as_demo_member, serious_accessibility_violations
):
    log_in_as_demo_member(page)
    page.goto("/my/events/new/")

    violations = serious_accessibility_violations(page)

    assert violations == [], f"axe-core on the event form:\n{pprint.pformat(violations)}"


def test_an_invalid_event_comes_back_with_its_errors_then_is_submitted(page, log_in_as_demo_member):
    log_in_as_demo_member(page)
    page.get_by_role("main").get_by_role("link", name="Register an event").click()
    # The zone of the organization's country, Ecuador, is chosen already.
    assert page.input_value("#id_timezone") == "America/Guayaquil"
    page.fill("#id_title", "Lenin and the national question")
    page.fill("#id_summary", "A lecture, then questions.")
    page.fill("#id_starts_on", "2024-01-21")
    page.fill("#id_starts_time", "18:30")
    page.fill("#id_ends_time", "17:00")
    page.fill("#id_venue", "Casa del Pueblo")
    # The server's errors, not the browser's own checks, are under test here.
    page.eval_on_selector("form.event-form", "form => { form.noValidate = true; }")
    page.get_by_role("button", name="Save and submit for moderation").click()

    errors = {
        field.locator("legend, label").first.inner_text(): field.locator(".errorlist").inner_text()
        for field in page.locator(".field-has-error").all()
    }
    assert errors == {
        "End time:": "The end is before the start. If it ends after midnight, give the end date.",
        "City:": "Give the place of an event held in person.",
        "Languages:": "This field is required.",
    }
    assert page.input_value("#id_title") == "Lenin and the national question"
    assert page.input_value("#id_venue") == "Casa del Pueblo"

    page.fill("#id_ends_time", "20:00")
    page.fill("#id_city", "Quito")
    # Spanish is among the languages in use, before the long list of every other one.
    usual = page.locator("#id_languages > div").first
    assert usual.locator("label").first.inner_text() == (
        "Used by your organizations and on this site"
    )
    usual.get_by_label("Spanish (es)").check()
    page.get_by_role("button", name="Save and submit for moderation").click()

    page.wait_for_url("**/my/events/*/")
    assert page.locator("p.status strong").inner_text() == "Waiting for moderation"
    event = Event.objects.get(title="Lenin and the national question")
    assert (event.status, event.languages, event.city) == ("submitted", ["es"], "Quito")
    assert event.local_starts_at.isoformat() == "2024-01-21T18:30:00-05:00"
