"""Series in the API: created with `recurrence`, read at /api/v1/series/<id>/, and moved
all at once with the permissions of the events' own moves."""

import datetime

import pytest

from events import series as series_service
from events.models import Event, ModerationRecord, Series
from tests.api.conftest import EVENTS
from tests.factories import EventFactory, local

S = Event.Status
SERIES = "/api/v1/series/"


@pytest.fixture
def payload(organization, commemoration):
    return {
        "title": "Study circle",
        "summary": "Reading What Is To Be Done?",
        "kind": "study_circle",
        "starts_at": "2024-03-01T19:00:00",
        "ends_at": "2024-03-01T21:00:00",
        "timezone": "Europe/Paris",
        "city": "Paris",
        "country": "FR",
        "languages": ["fr"],
        "organization": "workers-party",
        "recurrence": "FREQ=WEEKLY;BYDAY=FR;UNTIL=20240405T235959Z",
    }


@pytest.fixture
def series(organization, commemoration, member):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        starts_at=local(2024, 3, 1, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 1, 21, 0, "Europe/Paris"),
    )
    return series_service.create_series(event=event, rule="FREQ=WEEKLY;COUNT=3", user=member)


def statuses(series):
    return list(series.events.order_by("starts_at").values_list("status", flat=True))


def test_creating_with_a_recurrence_makes_a_series(alice_api, payload, member):
    response = alice_api.post(EVENTS, payload, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    series = Series.objects.get()
    first = Event.objects.get(pk=body["id"])
    assert body["series"] == series.pk
    assert body["series_count"] == 6
    assert body["recurrence"] == "FREQ=WEEKLY;BYDAY=FR;UNTIL=20240405T235959Z"
    assert body["starts_at"] == "2024-03-01T19:00:00+01:00"
    assert first.series == series
    events = list(series.events.order_by("starts_at"))
    assert events[0] == first
    assert [e.local_starts_at.isoformat() for e in events[-3:]] == [
        "2024-03-22T19:00:00+01:00",
        "2024-03-29T19:00:00+01:00",
        "2024-04-05T19:00:00+02:00",
    ]
    assert set(e.status for e in events) == {S.DRAFT}


def test_each_event_carries_its_series_and_rule(alice_api, series):
    event = series.events.order_by("starts_at").last()
    body = alice_api.get(f"{EVENTS}{event.pk}/").json()
    assert (body["series"], body["recurrence"]) == (series.pk, "FREQ=WEEKLY;COUNT=3")


@pytest.mark.parametrize(
    "rule", ["FREQ=SOMETIMES", "FREQ=WEEKLY;BYDAY=ZZ", "", "FREQ=WEEKLY;COUNT=500", "x" * 600]
)
def test_a_bad_recurrence_answers_400_naming_it_and_creates_nothing(alice_api, payload, rule):
    response = alice_api.post(EVENTS, {**payload, "recurrence": rule}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["recurrence"]
    assert Event.objects.count() == 0
    assert Series.objects.count() == 0


def test_recurrence_cannot_be_added_by_an_edit(alice_api, series):
    event = series.events.order_by("starts_at").first()
    response = alice_api.patch(
        f"{EVENTS}{event.pk}/", {"recurrence": "FREQ=DAILY;COUNT=2"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["recurrence"]
    assert Series.objects.count() == 1


def test_the_series_page_shows_the_caller_what_they_may_see(alice_api, anon, series):
    own = alice_api.get(f"{SERIES}{series.pk}/")
    assert own.status_code == 200
    body = own.json()
    assert body["recurrence"] == "FREQ=WEEKLY;COUNT=3"
    assert body["organization"]["slug"] == "workers-party"
    assert [e["local_date"] for e in body["events"]] == ["2024-03-01", "2024-03-08", "2024-03-15"]
    assert body["allowed_moves"] == ["submit"]
    # Drafts only: nobody outside sees the series.
    assert anon.get(f"{SERIES}{series.pk}/").status_code == 404


def test_series_actions_move_every_occurrence(alice_api, carol_api, anon, series):
    submitted = alice_api.post(f"{SERIES}{series.pk}/submit/", {}, format="json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["allowed_moves"] == ["withdraw"]
    assert statuses(series) == [S.SUBMITTED] * 3

    approved = carol_api.post(f"{SERIES}{series.pk}/approve/", {}, format="json")
    assert approved.status_code == 200
    assert statuses(series) == [S.APPROVED] * 3
    assert ModerationRecord.objects.filter(to_status=S.APPROVED).count() == 3

    public = anon.get(f"{SERIES}{series.pk}/").json()
    assert len(public["events"]) == 3 and public["allowed_moves"] == []

    no_reason = alice_api.post(f"{SERIES}{series.pk}/cancel/", {}, format="json")
    assert no_reason.status_code == 400
    assert list(no_reason.json()) == ["reason"]
    cancelled = alice_api.post(f"{SERIES}{series.pk}/cancel/", {"reason": "Rain."}, format="json")
    assert cancelled.status_code == 200
    assert statuses(series) == [S.CANCELLED] * 3


def test_the_committee_rejects_a_series_with_a_reason(alice_api, carol_api, series):
    alice_api.post(f"{SERIES}{series.pk}/submit/", {}, format="json")
    response = carol_api.post(
        f"{SERIES}{series.pk}/reject/", {"reason": "Give a venue."}, format="json"
    )
    assert response.status_code == 200
    assert statuses(series) == [S.REJECTED] * 3
    assert set(
        ModerationRecord.objects.filter(to_status=S.REJECTED).values_list("note", flat=True)
    ) == {"Give a venue."}


def test_a_member_cannot_approve_a_series(alice_api, series):
    alice_api.post(f"{SERIES}{series.pk}/submit/", {}, format="json")
    response = alice_api.post(f"{SERIES}{series.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert statuses(series) == [S.SUBMITTED] * 3


def test_an_outsider_neither_sees_nor_moves_a_series(bob_api, anon, series):
    assert bob_api.get(f"{SERIES}{series.pk}/").status_code == 404
    assert bob_api.post(f"{SERIES}{series.pk}/submit/", {}, format="json").status_code == 404
    assert anon.post(f"{SERIES}{series.pk}/submit/", {}, format="json").status_code == 401
    assert statuses(series) == [S.DRAFT] * 3
    assert ModerationRecord.objects.count() == 0


def test_a_move_that_fits_nothing_answers_400(alice_api, series):
    response = alice_api.post(f"{SERIES}{series.pk}/withdraw/", {}, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_an_unknown_series_answers_404(alice_api, carol_api, db):
    assert alice_api.get(f"{SERIES}999/").status_code == 404
    assert carol_api.post(f"{SERIES}999/approve/", {}, format="json").status_code == 404


def test_times_stay_local_in_the_api(alice_api, series):
    body = alice_api.get(f"{SERIES}{series.pk}/").json()
    assert [e["starts_at"] for e in body["events"]] == [
        "2024-03-01T19:00:00+01:00",
        "2024-03-08T19:00:00+01:00",
        "2024-03-15T19:00:00+01:00",
    ]
    assert datetime.date.fromisoformat(body["events"][0]["local_date"]).isoweekday() == 5
