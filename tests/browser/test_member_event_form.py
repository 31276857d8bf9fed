"""A member registers an event in a real browser: the form, its errors, its languages."""

import pprint

import pytest

from events.models import Event

pytestmark = pytest.mark.browser


def fill_in(page, title, *, ends):
    """What and when, as a member types it: the 21st of January at 18:30, ending at `ends`."""
    page.fill("#id_title", title)
    page.fill("#id_summary", "A lecture, then questions.")
    page.fill("#id_starts_on", "2024-01-21")
    page.fill("#id_starts_time", "18:30")
    page.fill("#id_ends_time", ends)


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
    fill_in(page, "Lenin and the national question", ends="17:00")
    page.fill("#id_venue", "Casa del Pueblo")
    # The server's errors, not the browser's own checks, are under test here.
    page.eval_on_selector("form.event-form", "form => { form.noValidate = true; }")
    # Read the errors once the answer has loaded whole, not from a page half parsed.
    with page.expect_navigation():
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


def in_view(page, selector):
    """Whether the element lies within the browser's window."""
    return page.eval_on_selector(
        selector,
        """element => {
            const box = element.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
        }""",
    )


def test_the_error_summary_takes_the_member_to_each_field(
    page, log_in_as_demo_member, serious_accessibility_violations
):
    log_in_as_demo_member(page)
    page.goto("/my/events/new/")
    fill_in(page, "Lenin and the national question", ends="17:00")
    # No city and no language: the browser lets the form go (the server decides by the
    # attendance chosen), and the server answers.
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()

    summary = page.locator(".error-summary")
    summary.wait_for()
    # The summary has the focus, so that a screen reader reads it first.
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert summary.get_by_role("heading").inner_text() == "Please correct the errors below."
    links = summary.get_by_role("link")
    # In the order of the page.
    assert links.all_inner_texts() == [
        "End time: The end is before the start. If it ends after midnight, give the end date.",
        "City: Give the place of an event held in person.",
        "Languages: This field is required.",
    ]
    targets = [link.get_attribute("href") for link in links.all()]
    assert targets == ["#id_ends_time", "#id_city", "#id_languages_0_0"]
    for index, target in enumerate(targets):
        page.evaluate("window.scrollTo(0, 0)")
        links.nth(index).click()
        assert page.evaluate("document.activeElement.id") == target[1:]
        assert in_view(page, target)
    violations = serious_accessibility_violations(page)
    assert violations == [], f"axe-core on the form with errors:\n{pprint.pformat(violations)}"


def test_an_online_link_typed_without_https_is_accepted(page, log_in_as_demo_member):
    log_in_as_demo_member(page)
    page.goto("/my/events/new/")
    fill_in(page, "An online reading of the appeal", ends="20:00")
    page.get_by_role("radio", name="Online", exact=True).check()
    page.fill("#id_online_url", "meet.example.org/abc")
    page.locator("#id_languages").get_by_label("Spanish (es)").first.check()
    page.get_by_role("button", name="Save as draft").click()

    page.wait_for_url("**/my/events/*/")
    assert page.locator("p.status strong").inner_text() == "Draft"
    event = Event.objects.get(title="An online reading of the appeal")
    assert event.online_url == "https://meet.example.org/abc"
    assert (event.city, event.country) == ("", "")
    assert page.get_by_role("link", name="https://meet.example.org/abc").is_visible()
