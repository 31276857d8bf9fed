"""The committee moves an event from its page in the admin: each move confirmed on its own
page, with the status the moderator saw, through events.services."""

import pytest

from events.models import Event, ModerationRecord
from tests.factories import EventFactory

S = Event.Status
pytestmark = pytest.mark.django_db


def move_url(event, code):
    return f"/admin/events/event/{event.pk}/move/{code}/"


def test_approve_from_the_events_page(moderator_client, organization):
    event = EventFactory(organization=organization, status=S.SUBMITTED, title="Wreath laying")

    page = moderator_client.get(move_url(event, "approve"))
    assert page.status_code == 200
    assert "It will be public at once" in page.content.decode()
    assert 'name="expected_status" value="submitted"' in page.content.decode()

    response = moderator_client.post(move_url(event, "approve"), {"expected_status": "submitted"})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/events/event/{event.pk}/change/"
    assert Event.objects.get(pk=event.pk).status == S.APPROVED
    assert ModerationRecord.objects.get(event=event).actor.username == "carol"


def test_reject_needs_its_reason_and_keeps_what_was_typed(moderator_client, organization):
    event = EventFactory(organization=organization, status=S.SUBMITTED)

    response = moderator_client.post(
        move_url(event, "reject"), {"expected_status": "submitted", "reason": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Event.objects.get(pk=event.pk).status == S.SUBMITTED

    moderator_client.post(
        move_url(event, "reject"), {"expected_status": "submitted", "reason": "No address."}
    )
    assert Event.objects.get(pk=event.pk).status == S.REJECTED
    assert ModerationRecord.objects.get(event=event).note == "No address."


def test_a_move_on_what_another_moderator_changed_meanwhile_is_refused(
    moderator_client, organization
):
    event = EventFactory(organization=organization, status=S.SUBMITTED)
    # Another moderator approved it after this one opened the reject page.
    Event.objects.filter(pk=event.pk).update(status=S.APPROVED)

    response = moderator_client.post(
        move_url(event, "reject"),
        {"expected_status": "submitted", "reason": "A duplicate."},
        follow=True,
    )

    assert response.status_code == 200
    assert "This event changed meanwhile: it is now approved." in response.content.decode()
    assert Event.objects.get(pk=event.pk).status == S.APPROVED
    assert not ModerationRecord.objects.filter(event=event).exists()


def test_a_move_the_services_do_not_allow_now_is_not_offered(moderator_client, organization):
    event = EventFactory(organization=organization, status=S.DRAFT)

    response = moderator_client.post(move_url(event, "approve"), {"expected_status": "draft"})

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).status == S.DRAFT
    page = moderator_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "This move is not possible now: the event is draft." in page
    assert 'data-move="approve"' not in page
