"""Withdraw and cancel say what will happen, and wait for the member to confirm."""

import re

import pytest
from django.test import Client

from events.models import Event
from events.services import reject_event
from tests.factories import EventFactory

S = Event.Status

WITHDRAWN_FROM_APPROVED = (
    "The event is public now. Once withdrawn, it will disappear from the public calendar and "
    "list, the feeds and the API: people who planned to come will no longer find it. To "
    "publish it again, you will have to submit it again."
)
WITHDRAWN_FROM_SUBMITTED = (
    "The event is waiting for the coordinating committee. Once withdrawn, it leaves the "
    "committee&#x27;s queue until you submit it again."
)
WITHDRAWN_FROM_REJECTED = (
    "The coordinating committee turned this event down. Once withdrawn, it is a draft again, "
    "which you can change and submit again."
)


@pytest.fixture
def event_of(organization, commemoration):
    def build(status, **fields):
        return EventFactory(
            organization=organization, commemoration=commemoration, status=status, **fields
        )

    return build


def consequence(page):
    return re.search(r'<p class="consequence">(.*?)</p>', page, re.S).group(1)


@pytest.mark.parametrize(
    "status, explanation",
    [
        (S.APPROVED, WITHDRAWN_FROM_APPROVED),
        (S.SUBMITTED, WITHDRAWN_FROM_SUBMITTED),
        (S.REJECTED, WITHDRAWN_FROM_REJECTED),
    ],
)
def test_withdraw_page_says_what_will_happen_before_anything_is_done(
    member_client, event_of, status, explanation
):
    event = event_of(status, title="Lenin and the national question")

    response = member_client.get(f"/my/events/{event.pk}/withdraw/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Withdraw “Lenin and the national question” to draft?</h1>" in page
    assert consequence(page) == explanation
    assert "It becomes a draft, seen only by your organization." in page
    # The form posts back to this page with the status the member saw, and a way back.
    assert '<form method="post">' in page
    assert f'<input type="hidden" name="expected_status" value="{status}">' in page
    assert '<button type="submit">Withdraw to draft</button>' in page
    keep = f'<a href="/my/events/{event.pk}/" class="button button-secondary">Keep it as it is</a>'
    assert keep in page
    event.refresh_from_db()
    assert event.status == status
    assert event.moderation_records.count() == 0


def test_withdraw_page_of_an_approved_event_offers_to_cancel_instead(member_client, event_of):
    approved, submitted = event_of(S.APPROVED), event_of(S.SUBMITTED)

    approved_page = member_client.get(f"/my/events/{approved.pk}/withdraw/").content.decode()
    submitted_page = member_client.get(f"/my/events/{submitted.pk}/withdraw/").content.decode()

    assert (
        f'If the event will not take place, <a href="/my/events/{approved.pk}/cancel/">cancel '
        "it</a> instead: it stays on the calendar, marked as cancelled, so that nobody comes "
        "in vain." in approved_page
    )
    assert "cancel/" not in submitted_page


def test_confirmed_withdrawal_takes_an_approved_event_off_the_public_calendar(
    member_client, event_of
):
    event = event_of(S.APPROVED)
    public_page = event.get_absolute_url()
    visitor = Client()
    member_client.get(f"/my/events/{event.pk}/withdraw/")
    assert visitor.get(public_page).status_code == 200

    response = member_client.post(
        f"/my/events/{event.pk}/withdraw/", {"expected_status": "approved"}, follow=True
    )

    assert response.redirect_chain == [(f"/my/events/{event.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Withdrawn: it is a draft again, seen only by your organization."
    ]
    event.refresh_from_db()
    assert event.status == S.DRAFT
    assert [(r.from_status, r.to_status, r.note) for r in event.moderation_records.all()] == [
        ("approved", "draft", "Withdrawn by the organization.")
    ]
    assert visitor.get(public_page).status_code == 404


def test_withdrawal_of_an_event_that_moved_meanwhile_is_refused(member_client, event_of, moderator):
    event = event_of(S.APPROVED)
    page = member_client.get(f"/my/events/{event.pk}/withdraw/").content.decode()
    assert 'name="expected_status" value="approved"' in page
    # While the member reads the page, the committee turns the event down.
    reject_event(event, by=moderator, reason="The date is wrong.")

    response = member_client.post(
        f"/my/events/{event.pk}/withdraw/", {"expected_status": "approved"}, follow=True
    )

    assert response.redirect_chain == [(f"/my/events/{event.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "This event changed meanwhile: it is now rejected. Nothing was done; look at it again."
    ]
    event.refresh_from_db()
    assert event.status == S.REJECTED
    assert [(r.from_status, r.to_status) for r in event.moderation_records.all()] == [
        ("approved", "rejected")
    ]


@pytest.mark.parametrize("status", [S.DRAFT, S.CANCELLED])
def test_withdraw_page_of_an_event_that_cannot_be_withdrawn_sends_back_with_a_message(
    member_client, event_of, status
):
    event = event_of(status)

    response = member_client.get(f"/my/events/{event.pk}/withdraw/", follow=True)

    assert response.redirect_chain == [(f"/my/events/{event.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Only a submitted, approved or rejected event can be withdrawn to draft."
    ]
    event.refresh_from_db()
    assert event.status == status
    assert event.moderation_records.count() == 0


def test_withdraw_page_of_another_organizations_event_is_not_found(
    member_client, other_organization
):
    others = EventFactory(organization=other_organization, status=S.APPROVED)

    assert member_client.get(f"/my/events/{others.pk}/withdraw/").status_code == 404
    assert member_client.post(f"/my/events/{others.pk}/withdraw/").status_code == 404
    others.refresh_from_db()
    assert others.status == S.APPROVED


def test_withdraw_refuses_other_methods(member_client, event_of):
    event = event_of(S.APPROVED)

    response = member_client.put(f"/my/events/{event.pk}/withdraw/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    event.refresh_from_db()
    assert event.status == S.APPROVED


def test_cancel_page_says_the_event_stays_public_and_that_it_cannot_be_undone(
    member_client, event_of
):
    event = event_of(S.APPROVED)

    page = member_client.get(f"/my/events/{event.pk}/cancel/").content.decode()

    assert consequence(page) == (
        "The event stays on the public calendar, marked as cancelled, with the reason you "
        "give, so that nobody comes in vain."
    )
    assert (
        "Its page, the feeds and the API show it as cancelled too. This cannot be undone: a "
        "cancelled event can no longer be changed, submitted again or withdrawn." in page
    )
    assert '<input type="hidden" name="expected_status" value="approved">' in page
    keep = f'<a href="/my/events/{event.pk}/" class="button button-secondary">Keep the event</a>'
    assert keep in page


def actions(page):
    """The member's actions on the page, in order, as (kind, text): a link or a button."""
    block = re.search(r'<ul class="actions">(.*?)</ul>', page, re.S).group(1)
    found = re.findall(r"<(a|button)\b[^>]*>(.*?)</\1>", block, re.S)
    return [(kind, text.strip()) for kind, text in found]


def test_approved_event_shows_withdraw_and_cancel_last_as_quiet_links(member_client, event_of):
    event = event_of(S.APPROVED)

    page = member_client.get(f"/my/events/{event.pk}/").content.decode()

    assert actions(page) == [
        ("a", "Edit"),
        ("a", "Public page"),
        ("a", "Duplicate (a week later)"),
        ("a", "Repeat this event"),
        ("a", "Withdraw to draft"),
        ("a", "Cancel the event"),
    ]
    assert (
        f'<a href="/my/events/{event.pk}/withdraw/" class="move-quiet" data-move="withdraw">'
        in page
    )
    assert (
        f'<a href="/my/events/{event.pk}/cancel/" class="move-danger" data-move="cancel">' in page
    )
    assert f'action="/my/events/{event.pk}/withdraw/"' not in page


def test_rejected_event_keeps_submit_as_a_button_before_the_quiet_withdraw(member_client, event_of):
    event = event_of(S.REJECTED)

    page = member_client.get(f"/my/events/{event.pk}/").content.decode()

    assert actions(page) == [
        ("a", "Edit"),
        ("button", "Submit for moderation"),
        ("a", "Duplicate (a week later)"),
        ("a", "Repeat this event"),
        ("a", "Withdraw to draft"),
    ]
