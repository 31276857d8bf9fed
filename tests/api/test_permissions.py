"""Who sees and who moves what: the public, Alice, Bob from another party, Carol."""

import pytest

from events.models import Event, ModerationRecord
from tests.api.conftest import EVENTS, ids
from tests.factories import EventFactory

S = Event.Status


@pytest.fixture
def every_status(organization, commemoration):
    """One event of Alice's organization in each status, all titled alike."""
    return {
        status: EventFactory(
            organization=organization,
            commemoration=commemoration,
            status=status,
            title=f"Secret plan {status}",
            country="FR",
        )
        for status in S.values
    }


NOT_PUBLIC = [S.DRAFT, S.SUBMITTED, S.REJECTED]


def test_anonymous_list_has_only_approved_and_cancelled_events(anon, every_status):
    assert ids(anon.get(EVENTS)) == [every_status[S.APPROVED].pk, every_status[S.CANCELLED].pk]


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_anonymous_cannot_reach_a_non_public_event_in_any_way(anon, every_status, status):
    hidden = every_status[status]

    detail = anon.get(f"{EVENTS}{hidden.pk}/")
    by_status = anon.get(EVENTS, {"status": status})
    by_text = anon.get(EVENTS, {"q": f"Secret plan {status}"})
    by_filters = anon.get(
        EVENTS, {"organization": "workers-party", "country": "FR", "around": "2024-01-21"}
    )

    assert detail.status_code == 404
    assert detail.json() == {"detail": "No Event matches the given query."}
    assert ids(by_status) == []
    assert ids(by_text) == []
    assert hidden.pk not in ids(by_filters)
    assert f"Secret plan {status}" not in anon.get(f"{EVENTS}?page_size=200").content.decode()


def test_anonymous_cannot_reach_non_public_events_by_their_transitions(anon, every_status):
    draft = every_status[S.DRAFT]

    response = anon.post(f"{EVENTS}{draft.pk}/submit/")

    assert response.status_code == 401
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_member_also_sees_their_organizations_other_events(alice_api, every_status):
    assert ids(alice_api.get(EVENTS)) == [every_status[s].pk for s in S.values]
    assert ids(alice_api.get(EVENTS, {"status": "draft,rejected"})) == [
        every_status[S.DRAFT].pk,
        every_status[S.REJECTED].pk,
    ]
    assert alice_api.get(f"{EVENTS}{every_status[S.DRAFT].pk}/").json()["status"] == "draft"


def test_outsider_sees_only_the_public_events_of_another_organization(bob_api, every_status):
    draft = every_status[S.DRAFT]

    assert ids(bob_api.get(EVENTS)) == [every_status[S.APPROVED].pk, every_status[S.CANCELLED].pk]
    assert bob_api.get(f"{EVENTS}{draft.pk}/").status_code == 404
    assert ids(bob_api.get(EVENTS, {"status": "draft"})) == []


def test_committee_sees_every_event(carol_api, every_status):
    assert ids(carol_api.get(EVENTS, {"status": "submitted"})) == [every_status[S.SUBMITTED].pk]
    assert len(ids(carol_api.get(EVENTS))) == 5


def test_member_cannot_edit_other_organizations_event(bob_api, every_status):
    approved = every_status[S.APPROVED]

    response = bob_api.patch(f"{EVENTS}{approved.pk}/", {"title": "Hijacked"}, format="json")

    assert response.status_code == 404
    approved.refresh_from_db()
    assert approved.title == "Secret plan approved"


@pytest.mark.parametrize(
    "move, status",
    [("submit", S.DRAFT), ("withdraw", S.SUBMITTED), ("cancel", S.APPROVED)],
)
def test_member_cannot_move_other_organizations_event(bob_api, every_status, move, status):
    event = every_status[status]

    response = bob_api.post(f"{EVENTS}{event.pk}/{move}/", {"reason": "Mine now"}, format="json")

    assert response.status_code == 404
    event.refresh_from_db()
    assert event.status == status
    assert not ModerationRecord.objects.filter(event=event).exists()


def test_member_cannot_create_an_event_for_another_organization(bob_api, organization):
    response = bob_api.post(
        EVENTS,
        {
            "title": "In their name",
            "summary": "Not ours.",
            "starts_at": "2024-01-21T18:00:00+01:00",
            "ends_at": "2024-01-21T20:00:00+01:00",
            "timezone": "Europe/Paris",
            "languages": ["fr"],
            "organization": "workers-party",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"organization": ["Object with slug=workers-party does not exist."]}
    assert not Event.objects.filter(title="In their name").exists()


@pytest.mark.parametrize("move", ["approve", "reject"])
def test_member_cannot_moderate_even_their_own_event(alice_api, every_status, move):
    submitted = every_status[S.SUBMITTED]

    response = alice_api.post(f"{EVENTS}{submitted.pk}/{move}/", {"reason": "Fine"})

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the coordinating committee can moderate events."}
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    assert not ModerationRecord.objects.filter(event=submitted).exists()


def test_committee_member_approves_and_the_record_names_them(carol_api, moderator, every_status):
    submitted = every_status[S.SUBMITTED]

    response = carol_api.post(f"{EVENTS}{submitted.pk}/approve/", {"reason": "Looks good."})

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED
    assert submitted.approved_at is not None
    record = ModerationRecord.objects.get(event=submitted)
    assert (record.actor, record.from_status, record.to_status, record.note) == (
        moderator,
        S.SUBMITTED,
        S.APPROVED,
        "Looks good.",
    )


def test_committee_member_rejects_with_a_reason_only(carol_api, moderator, every_status):
    submitted = every_status[S.SUBMITTED]

    without = carol_api.post(f"{EVENTS}{submitted.pk}/reject/", {"reason": "  "})
    submitted.refresh_from_db()
    assert without.status_code == 400
    assert without.json() == {"reason": ["A reason is required to reject an event."]}
    assert submitted.status == S.SUBMITTED

    response = carol_api.post(f"{EVENTS}{submitted.pk}/reject/", {"reason": "Wrong date."})

    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED
    record = ModerationRecord.objects.get(event=submitted)
    assert (record.actor, record.to_status, record.note) == (moderator, S.REJECTED, "Wrong date.")


def test_approving_a_draft_is_a_400_with_the_reason(carol_api, every_status):
    draft = every_status[S.DRAFT]

    response = carol_api.post(f"{EVENTS}{draft.pk}/approve/")

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot approve an event that is draft."}
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_anonymous_cannot_write(anon, organization, public_event):
    created = anon.post(EVENTS, {"title": "Anonymous"}, format="json")
    edited = anon.patch(f"{EVENTS}{public_event.pk}/", {"title": "Anonymous"}, format="json")

    assert created.status_code == edited.status_code == 401
    assert created.json() == {"detail": "Authentication credentials were not provided."}
    assert created["WWW-Authenticate"] == "Token"
    assert not Event.objects.filter(title="Anonymous").exists()


def test_a_wrong_token_is_refused(anon, public_event):
    anon.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = anon.get(EVENTS)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_an_inactive_members_token_is_refused(alice_api, member, public_event):
    member.is_active = False
    member.save()

    response = alice_api.get(EVENTS)

    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


@pytest.mark.parametrize("method", ["put", "delete"])
def test_replacing_or_deleting_events_is_not_offered(alice_api, public_event, method):
    response = getattr(alice_api, method)(f"{EVENTS}{public_event.pk}/", {}, format="json")

    assert response.status_code == 405
    assert Event.objects.filter(pk=public_event.pk).exists()
