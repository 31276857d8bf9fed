"""Every move of an event through events.services, and each refused move."""

import pytest
from django.core.exceptions import PermissionDenied

from events.models import Event, ModerationRecord
from events.services import (
    StaleMove,
    TransitionError,
    approve_event,
    cancel_event,
    reject_event,
    return_event_to_draft,
    submit_event,
    update_event,
)
from tests.factories import EventFactory, MembershipFactory, OrganizationFactory

S = Event.Status
pytestmark = pytest.mark.django_db


def history(event):
    return list(
        ModerationRecord.objects.filter(event=event).values_list(
            "from_status", "to_status", "actor__username", "note"
        )
    )


def test_member_submits_a_draft(member, organization):
    event = EventFactory(organization=organization, status=S.DRAFT)

    submit_event(event, by=member)

    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    assert event.submitted_at is not None
    assert event.submitted_by == member
    assert history(event) == [("draft", "submitted", "alice", "")]


def test_trusted_organizations_submission_is_approved_automatically(member, organization):
    organization.is_trusted = True
    organization.save()
    event = EventFactory(organization=organization, status=S.DRAFT)

    submit_event(event, by=member)

    event.refresh_from_db()
    assert event.status == S.APPROVED
    assert event.approved_at is not None
    records = ModerationRecord.objects.filter(event=event)
    assert [(r.from_status, r.to_status, r.actor) for r in records] == [
        ("draft", "submitted", member),
        ("submitted", "approved", None),
    ]
    assert records[1].is_automatic


def test_moderator_approves_a_submission(moderator):
    event = EventFactory(status=S.SUBMITTED)

    approve_event(event, by=moderator, note="Looks right.")

    event.refresh_from_db()
    assert event.status == S.APPROVED
    assert event.approved_at is not None
    assert history(event) == [("submitted", "approved", "carol", "Looks right.")]


def test_moderator_rejects_with_a_reason(moderator):
    event = EventFactory(status=S.SUBMITTED)

    reject_event(event, by=moderator, reason="Give the full address.")

    event.refresh_from_db()
    assert event.status == S.REJECTED
    assert history(event) == [("submitted", "rejected", "carol", "Give the full address.")]


def test_moderator_takes_down_an_approved_event(moderator):
    event = EventFactory(status=S.APPROVED)

    reject_event(event, by=moderator, reason="Duplicate of another event.")

    event.refresh_from_db()
    assert event.status == S.REJECTED
    assert history(event) == [("approved", "rejected", "carol", "Duplicate of another event.")]


def test_organizer_cancels_an_approved_event_with_a_public_reason(member, organization):
    event = EventFactory(organization=organization, status=S.APPROVED)

    cancel_event(event, by=member, reason="The hall was withdrawn.")

    event.refresh_from_db()
    assert event.status == S.CANCELLED
    assert event.cancellation_reason == "The hall was withdrawn."
    assert event.is_public
    assert history(event) == [("approved", "cancelled", "alice", "The hall was withdrawn.")]


@pytest.mark.parametrize("source", [S.SUBMITTED, S.REJECTED, S.APPROVED])
def test_event_returns_to_draft(member, organization, source):
    event = EventFactory(organization=organization, status=source)

    return_event_to_draft(event, by=member)

    event.refresh_from_db()
    assert event.status == S.DRAFT
    assert history(event) == [(source, "draft", "alice", "")]


def test_rejected_event_can_be_submitted_again(member, organization):
    event = EventFactory(organization=organization, status=S.REJECTED)

    submit_event(event, by=member)

    event.refresh_from_db()
    assert event.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("source", "move", "kwargs"),
    [
        (S.DRAFT, approve_event, {}),
        (S.APPROVED, approve_event, {}),
        (S.DRAFT, reject_event, {"reason": "No."}),
        (S.CANCELLED, reject_event, {"reason": "No."}),
        (S.REJECTED, cancel_event, {"reason": "Called off."}),
        (S.SUBMITTED, cancel_event, {"reason": "Called off."}),
        (S.DRAFT, cancel_event, {"reason": "Called off."}),
        (S.SUBMITTED, submit_event, {}),
        (S.APPROVED, submit_event, {}),
        (S.CANCELLED, submit_event, {}),
        (S.DRAFT, return_event_to_draft, {}),
        (S.CANCELLED, return_event_to_draft, {}),
    ],
)
def test_impossible_move_raises_and_changes_nothing(
    moderator, member, organization, source, move, kwargs
):
    event = EventFactory(status=source, organization=organization)
    updated_at = Event.objects.get(pk=event.pk).updated_at
    by = moderator if move in (approve_event, reject_event) else member

    with pytest.raises(TransitionError):
        move(event, by=by, **kwargs)

    event.refresh_from_db()
    assert event.status == source
    assert event.updated_at == updated_at
    assert history(event) == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_without_reason_is_refused(moderator, reason):
    event = EventFactory(status=S.SUBMITTED)

    with pytest.raises(TransitionError, match="reason is required"):
        reject_event(event, by=moderator, reason=reason)

    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    assert history(event) == []


def test_cancel_without_reason_is_refused(member, organization):
    event = EventFactory(organization=organization, status=S.APPROVED)

    with pytest.raises(TransitionError, match="reason is required"):
        cancel_event(event, by=member, reason="")

    event.refresh_from_db()
    assert event.status == S.APPROVED
    assert event.cancellation_reason == ""
    assert history(event) == []


def test_member_cannot_approve_their_own_organizations_event(member, organization):
    event = EventFactory(organization=organization, status=S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        approve_event(event, by=member)

    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    assert history(event) == []


def test_member_cannot_reject(member):
    event = EventFactory(status=S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        reject_event(event, by=member, reason="Competing event.")

    assert Event.objects.get(pk=event.pk).status == S.SUBMITTED


def test_edit_of_approved_event_sends_it_back_to_moderation(member, organization):
    event = EventFactory(organization=organization, status=S.APPROVED)

    record = update_event(event, by=member, data={"title": "New title", "languages": ["es"]})

    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    assert (record.from_status, record.to_status, record.actor) == (S.APPROVED, S.SUBMITTED, member)
    assert record.note == "Edited after approval: languages, title."


def test_an_edit_that_changes_nothing_keeps_event_approved_unrecorded(member, organization):
    event = EventFactory(organization=organization, status=S.APPROVED)

    assert update_event(event, by=member, data={"title": event.title}) is None

    assert Event.objects.get(pk=event.pk).status == S.APPROVED
    assert history(event) == []


def test_trusted_organizations_edit_keeps_event_approved_and_is_recorded(member):
    trusted = OrganizationFactory(is_trusted=True)
    MembershipFactory(user=member, organization=trusted)
    event = EventFactory(organization=trusted, status=S.APPROVED)

    record = update_event(event, by=member, data={"title": "Renamed"})

    event.refresh_from_db()
    assert event.status == S.APPROVED
    assert history(event) == [("approved", "approved", "alice", "Edited: title.")]
    assert record.to_status == S.APPROVED


def test_no_public_function_moves_an_event_without_a_person(organization):
    event = EventFactory(organization=organization, status=S.SUBMITTED)

    for move, kwargs in [
        (approve_event, {}),
        (reject_event, {"reason": "No."}),
        (return_event_to_draft, {}),
    ]:
        with pytest.raises(PermissionDenied):
            move(event, by=None, **kwargs)

    assert Event.objects.get(pk=event.pk).status == S.SUBMITTED
    assert history(event) == []


def test_a_member_cannot_move_another_organizations_event(outsider, organization):
    event = EventFactory(organization=organization, status=S.DRAFT)

    with pytest.raises(PermissionDenied):
        submit_event(event, by=outsider)

    assert Event.objects.get(pk=event.pk).status == S.DRAFT


def test_a_move_on_a_stale_view_is_refused_without_a_record(moderator, organization):
    event = EventFactory(organization=organization, status=S.SUBMITTED)
    approve_event(event, by=moderator, expected_status=S.SUBMITTED)

    with pytest.raises(StaleMove, match="changed meanwhile"):
        reject_event(event, by=moderator, reason="Duplicate.", expected_status=S.SUBMITTED)

    assert Event.objects.get(pk=event.pk).status == S.APPROVED
    assert [row[:2] for row in history(event)] == [("submitted", "approved")]
