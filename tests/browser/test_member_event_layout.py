"""The member's own event page is laid out as the public one: the event first (what,
when, where, then its description), its moderation (status, what the member may do,
history) in a column beside it on a wide screen and below it on a phone."""

import pytest

from events.models import Event

pytestmark = pytest.mark.browser


@pytest.fixture
def rejected(demo):
    """The demo party's rejected event: it has a reason and a history of two moves."""
    return (
        Event.objects.filter(organization__slug="sample-party-ec", status=Event.Status.REJECTED)
        .order_by("pk")
        .first()
    )


def event_and_moderation_boxes(page, log_in, event, prefer_language=None, language=None):
    """Logs the demo member in, opens their event's page, gives the two columns' boxes."""
    log_in(page)
    if language:
        prefer_language(page, language)
    page.goto(f"/my/events/{event.pk}/")
    return (
        page.locator(".my-event .event-body").bounding_box(),
        page.locator(".moderation-box").bounding_box(),
    )


def test_the_moderation_stands_beside_the_event_on_a_wide_screen(
    page, log_in_as_demo_member, rejected
):
    event, moderation = event_and_moderation_boxes(page, log_in_as_demo_member, rejected)

    assert moderation["x"] >= event["x"] + event["width"]
    assert abs(moderation["y"] - event["y"]) < 1
    assert page.get_by_role("heading", level=1).bounding_box()["y"] < event["y"]
    assert page.locator(".event-body .facts dt").all_inner_texts()[:2] == ["When", "Where"]
    facts = page.locator(".event-body .facts").bounding_box()
    assert page.locator(".event-body .description").bounding_box()["y"] > facts["y"]
    box = page.locator(".moderation-box")
    assert box.locator("p.status strong").inner_text() == "Rejected"
    assert box.locator(".rejection").inner_text().startswith("Reason for the rejection:")
    assert box.get_by_role("button", name="Submit for moderation").is_visible()
    assert box.get_by_role("heading", name="Moderation history").is_visible()
    assert box.locator(".history li").count() == rejected.moderation_records.count() == 2


def test_the_moderation_stands_on_the_left_of_the_event_in_arabic(
    page, log_in_as_demo_member, prefer_language, rejected
):
    event, moderation = event_and_moderation_boxes(
        page, log_in_as_demo_member, rejected, prefer_language, "ar"
    )

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert moderation["x"] + moderation["width"] <= event["x"]


def test_the_moderation_comes_below_the_event_on_a_phone_without_sideways_scrolling(
    phone, log_in_as_demo_member, rejected
):
    event, moderation = event_and_moderation_boxes(phone, log_in_as_demo_member, rejected)

    assert moderation["y"] >= event["y"] + event["height"]
    assert moderation["x"] + moderation["width"] <= 360
    assert phone.evaluate("() => document.documentElement.scrollWidth") == 360


def test_the_event_form_keeps_its_fields_at_a_readable_width(page, log_in_as_demo_member):
    log_in_as_demo_member(page)
    page.goto("/my/events/new/")

    # 40rem: a line of text, not the 1,100 pixels of the whole column.
    for field in ("#id_title", "#id_summary", "#id_description"):
        assert page.locator(field).bounding_box()["width"] <= 640
    draft = page.get_by_role("button", name="Save as draft")
    submit = page.get_by_role("button", name="Save and submit for moderation")
    assert draft.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
    assert submit.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(164, 22, 26)"
