"""Members register, edit and move their organizations' events with a token."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from events.models import Event, ModerationRecord
from events.services import approve_event
from tests.api.conftest import EVENTS
from tests.factories import EventFactory, OrganizationFactory, local

S = Event.Status


@pytest.fixture
def payload(organization, commemoration):
    return {
        "title": "Lecture on the centenary",
        "summary": "A talk and a discussion.",
        "description": "With readings.",
        "kind": "lecture",
        "starts_at": "2024-01-21T18:00:00+01:00",
        "ends_at": "2024-01-21T20:00:00+01:00",
        "timezone": "Europe/Paris",
        "venue": "Bourse du travail",
        "city": "Paris",
        "country": "FR",
        "latitude": 48.8686,
        "longitude": 2.3622,
        "languages": ["fr", "en"],
        "organization": "workers-party",
    }


def test_member_creates_a_draft_for_their_organization(
    alice_api, payload, organization, commemoration, member
):
    partner = OrganizationFactory(slug="partner")

    response = alice_api.post(EVENTS, {**payload, "co_organizers": ["partner"]}, format="json")

    assert response.status_code == 201, response.content
    event = Event.objects.get(title="Lecture on the centenary")
    body = response.json()
    assert body["id"] == event.pk
    assert body["status"] == "draft"
    assert body["starts_at"] == "2024-01-21T18:00:00+01:00"
    assert body["organization"]["slug"] == "workers-party"
    # Named, but not the event's co-organizer until the partner accepts.
    assert body["co_organizers"] == []
    assert event.status == S.DRAFT
    assert event.organization == organization
    assert event.commemoration == commemoration
    assert [(i.organization, i.status) for i in event.co_organizer_invitations.all()] == [
        (partner, "pending")
    ]
    assert event.starts_at == local(2024, 1, 21, 17, 0)
    assert event.local_date == datetime.date(2024, 1, 21)
    assert event.languages == ["fr", "en"]
    assert (event.latitude, event.longitude) == (Decimal("48.868600"), Decimal("2.362200"))
    assert not ModerationRecord.objects.filter(event=event).exists()


def test_a_time_without_offset_is_read_in_the_events_zone(alice_api, payload):
    payload |= {
        "timezone": "America/Los_Angeles",
        "city": "Los Angeles",
        "country": "US",
        "starts_at": "2024-01-20T23:30:00",
        "ends_at": "2024-01-21T01:00:00",
    }

    response = alice_api.post(EVENTS, payload, format="json")

    assert response.status_code == 201, response.content
    event = Event.objects.get()
    assert event.starts_at == local(2024, 1, 21, 7, 30)
    assert event.local_date == datetime.date(2024, 1, 20)
    assert response.json()["starts_at"] == "2024-01-20T23:30:00-08:00"


@pytest.mark.parametrize(
    "change, errors",
    [
        ({"languages": ["fr", "klingon"]}, {"languages": ["Unknown language code: klingon."]}),
        ({"languages": []}, {"languages": ["Choose at least one language."]}),
        ({"timezone": "Mars/Olympus"}, {"timezone": ["“Mars/Olympus” is not a known time zone."]}),
        (
            {"ends_at": "2024-01-21T17:00:00+01:00"},
            {"ends_at": ["The end cannot be before the start."]},
        ),
        (
            {"longitude": None},
            {"longitude": ["Give both latitude and longitude, or neither."]},
        ),
        (
            {"latitude": 91},
            {"latitude": ["Ensure this value is less than or equal to 90."]},
        ),
        ({"country": "XX"}, {"country": ['"XX" is not a valid choice.']}),
        ({"kind": "picnic"}, {"kind": ['"picnic" is not a valid choice.']}),
        (
            {"co_organizers": ["nobody"]},
            {"co_organizers": ["Object with slug=nobody does not exist."]},
        ),
        ({"commemoration": "none"}, {"commemoration": ["Object with slug=none does not exist."]}),
        ({"starts_at": "soon"}, None),
        ({"title": ""}, {"title": ["This field may not be blank."]}),
    ],
)
def test_writes_go_through_the_models_validation(alice_api, payload, change, errors):
    response = alice_api.post(EVENTS, payload | change, format="json")

    assert response.status_code == 400
    body = response.json()
    if errors is None:
        assert list(body) == list(change)
    else:
        assert body == errors
    assert not Event.objects.exists()


def test_missing_fields_are_named(alice_api, organization):
    response = alice_api.post(EVENTS, {"organization": "workers-party"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {
        "title",
        "summary",
        "starts_at",
        "ends_at",
        "timezone",
        "languages",
    }


def test_member_edits_a_draft_without_moderation(alice_api, organization, member):
    draft = EventFactory(organization=organization, status=S.DRAFT, title="Old")

    response = alice_api.patch(f"{EVENTS}{draft.pk}/", {"title": "New"}, format="json")

    assert response.status_code == 200
    assert response.json()["title"] == "New"
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("New", S.DRAFT)
    assert not ModerationRecord.objects.exists()


def test_edit_on_an_approved_event_sends_it_back_to_moderation(
    alice_api, organization, member, anon
):
    approved = EventFactory(organization=organization, status=S.APPROVED, venue="Old hall")

    response = alice_api.patch(
        f"{EVENTS}{approved.pk}/",
        {"venue": "New hall", "starts_at": "2024-01-21T19:00:00+01:00"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    approved.refresh_from_db()
    assert (approved.venue, approved.status) == ("New hall", S.SUBMITTED)
    assert approved.starts_at == local(2024, 1, 21, 18, 0)
    record = ModerationRecord.objects.get(event=approved)
    assert (record.actor, record.from_status, record.to_status) == (
        member,
        S.APPROVED,
        S.SUBMITTED,
    )
    assert record.note == "Edited after approval: starts_at, venue."
    assert anon.get(f"{EVENTS}{approved.pk}/").status_code == 404


def test_unchanged_values_keep_an_event_approved_and_any_change_sends_it_back(
    alice_api, organization
):
    approved = EventFactory(organization=organization, status=S.APPROVED, languages=["fr"])

    response = alice_api.patch(
        f"{EVENTS}{approved.pk}/", {"title": approved.title, "languages": ["fr"]}, format="json"
    )
    assert response.status_code == 200
    approved.refresh_from_db()
    assert approved.status == S.APPROVED
    assert not ModerationRecord.objects.exists()

    response = alice_api.patch(
        f"{EVENTS}{approved.pk}/", {"languages": ["fr", "es"], "kind": "film"}, format="json"
    )
    assert response.status_code == 200
    approved.refresh_from_db()
    assert (approved.status, approved.languages, approved.kind) == (
        S.SUBMITTED,
        ["fr", "es"],
        "film",
    )
    assert ModerationRecord.objects.get().note == "Edited after approval: kind, languages."


def test_trusted_organizations_edits_stay_approved(alice_api, organization):
    organization.is_trusted = True
    organization.save()
    approved = EventFactory(organization=organization, status=S.APPROVED)

    alice_api.patch(f"{EVENTS}{approved.pk}/", {"title": "Renamed"}, format="json")

    approved.refresh_from_db()
    assert (approved.title, approved.status) == ("Renamed", S.APPROVED)


def test_edit_cannot_move_an_event_to_an_organization_not_theirs(
    alice_api, organization, other_organization
):
    draft = EventFactory(organization=organization)

    response = alice_api.patch(
        f"{EVENTS}{draft.pk}/", {"organization": "other-party"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"organization": ["Object with slug=other-party does not exist."]}
    draft.refresh_from_db()
    assert draft.organization == organization


def test_status_cannot_be_written(alice_api, organization):
    draft = EventFactory(organization=organization)

    response = alice_api.patch(f"{EVENTS}{draft.pk}/", {"status": "approved"}, format="json")

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_member_submits_withdraws_and_cancels(alice_api, organization, member, moderator):
    event = EventFactory(organization=organization)

    submitted = alice_api.post(f"{EVENTS}{event.pk}/submit/")
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    withdrawn = alice_api.post(f"{EVENTS}{event.pk}/withdraw/")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "draft")
    alice_api.post(f"{EVENTS}{event.pk}/submit/", {"reason": "Fixed the date."})
    event.refresh_from_db()
    approve_event(event, by=moderator)

    no_reason = alice_api.post(f"{EVENTS}{event.pk}/cancel/")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["A reason is required to cancel an event."]}
    cancelled = alice_api.post(f"{EVENTS}{event.pk}/cancel/", {"reason": "Hall closed."})

    assert cancelled.status_code == 200
    assert cancelled.json()["cancellation_reason"] == "Hall closed."
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason) == (S.CANCELLED, "Hall closed.")
    assert event.submitted_by == member
    assert [
        (r.actor, r.from_status, r.to_status, r.note)
        for r in ModerationRecord.objects.filter(event=event)
    ] == [
        (member, S.DRAFT, S.SUBMITTED, ""),
        (member, S.SUBMITTED, S.DRAFT, ""),
        (member, S.DRAFT, S.SUBMITTED, "Fixed the date."),
        (moderator, S.SUBMITTED, S.APPROVED, ""),
        (member, S.APPROVED, S.CANCELLED, "Hall closed."),
    ]


def test_a_trusted_organizations_submission_is_approved_at_once(alice_api, organization):
    organization.is_trusted = True
    organization.save()
    event = EventFactory(organization=organization)

    response = alice_api.post(f"{EVENTS}{event.pk}/submit/")

    assert response.json()["status"] == "approved"
    event.refresh_from_db()
    assert event.status == S.APPROVED


def test_an_impossible_move_is_a_400(alice_api, organization):
    draft = EventFactory(organization=organization)

    response = alice_api.post(f"{EVENTS}{draft.pk}/cancel/", {"reason": "Why not."})

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot cancel an event that is draft."}
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_session_login_writes_need_the_csrf_token(member, organization, payload):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(EVENTS, payload, format="json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")
    assert not Event.objects.exists()


def test_a_time_without_offset_that_clocks_skip_is_refused_as_by_the_form(alice_api, payload):
    # On 31 March 2024 clocks in Paris jump from 02:00 to 03:00.
    payload |= {"starts_at": "2024-03-31T02:30:00", "ends_at": "2024-03-31T04:00:00"}

    response = alice_api.post(EVENTS, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "starts_at": ["Clocks skip this time in Europe/Paris (summer time begins); choose another."]
    }
    assert not Event.objects.exists()


def test_a_repeated_time_without_offset_is_the_first_one(alice_api, payload):
    # On 27 October 2024 clocks in Paris go back from 03:00 to 02:00.
    payload |= {"starts_at": "2024-10-27T02:30:00", "ends_at": "2024-10-27T04:00:00"}

    response = alice_api.post(EVENTS, payload, format="json")

    assert response.status_code == 201, response.content
    assert Event.objects.get().starts_at == local(2024, 10, 27, 0, 30)
    assert response.json()["starts_at"] == "2024-10-27T02:30:00+02:00"


@pytest.mark.parametrize(
    "change, name",
    [
        ({"starts_at": "0001-01-01T00:00:00"}, "starts_at"),
        ({"timezone": "America/Guayaquil", "ends_at": "9999-12-31T23:59:59"}, "ends_at"),
    ],
)
def test_a_time_without_offset_at_the_calendars_edge_is_a_400(alice_api, payload, change, name):
    response = alice_api.post(EVENTS, payload | change, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert not Event.objects.exists()


def test_editing_to_a_time_at_the_calendars_edge_is_a_400(alice_api, organization):
    draft = EventFactory(organization=organization, status=S.DRAFT, timezone="America/Guayaquil")
    before = draft.ends_at

    response = alice_api.patch(
        f"{EVENTS}{draft.pk}/", {"ends_at": "9999-12-31T23:59:59"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "ends_at": [
            "This date and time cannot be shown in America/Guayaquil: "
            "choose a date between the years 1 and 9999."
        ]
    }
    draft.refresh_from_db()
    assert draft.ends_at == before


def test_event_without_place_or_link_is_refused_as_in_the_forms(alice_api, payload):
    for name in ("venue", "city", "latitude", "longitude"):
        payload.pop(name)

    response = alice_api.post(EVENTS, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Give the event's place (at least its city) or its online link."]
    }
    assert not Event.objects.exists()


def test_online_event_without_place_is_accepted(alice_api, payload):
    for name in ("venue", "city", "latitude", "longitude"):
        payload.pop(name)
    payload["online_url"] = "https://meet.example.org/lenin"

    response = alice_api.post(EVENTS, payload, format="json")

    assert response.status_code == 201, response.content
    assert Event.objects.get().online_url == "https://meet.example.org/lenin"
