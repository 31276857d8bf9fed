"""On a 360 × 740 phone an event's page gives when, where and "Add to my calendar" before
its description."""

import pytest
from playwright.sync_api import expect

from events.models import Event

pytestmark = pytest.mark.browser

SCREEN_HEIGHT = 740


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_add_to_my_calendar_comes_before_the_description_on_a_phone(phone, demo):
    event = (
        Event.objects.public()
        .filter(status=Event.Status.APPROVED)
        .exclude(description="")
        .order_by("starts_at", "pk")
        .first()
    )
    phone.goto(event.get_absolute_url())
    add = phone.locator("section.add-to-calendar")
    expect(add).to_be_visible()

    when = box(phone, ".facts dt")
    calendar = box(phone, "section.add-to-calendar")
    description = box(phone, "section.description")
    assert phone.locator(".facts dt").first.inner_text() == "When"
    assert when["y"] < calendar["y"]
    # Within the first screen, wholly above the description.
    assert calendar["y"] < SCREEN_HEIGHT
    assert calendar["y"] + calendar["height"] <= description["y"]
    # In the page's order too, which is what a screen reader follows.
    follows = add.evaluate(
        "(e) => Boolean(e.compareDocumentPosition(document.querySelector('section.description'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert follows is True
    # Its links are there and lead to the event's own calendar file.
    expect(add.get_by_role("link", name="Download an .ics file")).to_have_attribute(
        "href", f"/events/{event.pk}-{event.slug}.ics"
    )
