"""A member withdraws a public event in a real browser: asked first, then done."""

import pytest

from events.models import Event

pytestmark = pytest.mark.browser


@pytest.fixture
def visitor(browser, live_server):
    """An anonymous visitor's requests, in a context of their own (no member's cookie)."""
    context = browser.new_context(base_url=live_server.url)
    yield context.request
    context.close()


def test_withdrawing_an_approved_event_asks_first_and_the_public_page_stays_until_confirmed(
    page, visitor, log_in_as_demo_member
):
    log_in_as_demo_member(page)
    event = (
        Event.objects.filter(organization__slug="sample-party-ec", status=Event.Status.APPROVED)
        .order_by("pk")
        .first()
    )
    public_page = event.get_absolute_url()
    assert visitor.get(public_page).status == 200

    page.goto(f"/my/events/{event.pk}/")
    actions = page.locator("ul.actions")
    # Withdraw is no longer a button to press in passing: a quiet link, after the others.
    assert actions.get_by_role("button").count() == 0
    assert actions.get_by_role("link").all_inner_texts() == [
        "Edit",
        "Public page",
        "Duplicate (a week later)",
        "Repeat this event",
        "Withdraw to draft",
        "Cancel the event",
    ]
    actions.get_by_role("link", name="Withdraw to draft").click()

    page.wait_for_url(f"**/my/events/{event.pk}/withdraw/")
    assert page.locator("h1").inner_text() == f"Withdraw “{event.title}” to draft?"
    consequence = page.locator(".consequence").inner_text()
    assert consequence.startswith(
        "The event is public now. Once withdrawn, it will disappear from the public calendar "
        "and list, the feeds and the API"
    )
    assert visitor.get(public_page).status == 200

    # Going back does nothing.
    page.get_by_role("link", name="Keep it as it is").click()
    page.wait_for_url(f"**/my/events/{event.pk}/")
    assert page.locator("p.status strong").inner_text() == "Approved"
    assert visitor.get(public_page).status == 200

    page.get_by_role("link", name="Withdraw to draft").click()
    page.wait_for_url(f"**/my/events/{event.pk}/withdraw/")
    page.get_by_role("main").get_by_role("button", name="Withdraw to draft").click()

    page.wait_for_url(f"**/my/events/{event.pk}/")
    assert page.locator("p.status strong").inner_text() == "Draft"
    assert page.locator(".messages").inner_text() == (
        "Withdrawn: it is a draft again, seen only by your organization."
    )
    assert visitor.get(public_page).status == 404
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
