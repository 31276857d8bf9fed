""" "This and following" at every door that edits: the member form (tests/members/
test_series.py), the API (`apply_to`) and the admin (`scope`), all through
events.series.update_this_and_following."""

import datetime

import pytest

from events.models import Event
from tests.api.conftest import token_client
from tests.doors import admin_change_url, admin_form_data
from tests.factories import EventFactory, weekly_series

S = Event.Status
EVENTS = "/api/v1/events/"


@pytest.fixture
def series(organization, commemoration, member):
    return weekly_series(
        by=member, organization=organization, commemoration=commemoration, title="Study circle"
    )


@pytest.fixture
def payload_for_creation(organization):
    return {
        "title": "Another circle",
        "summary": "Reading the appeal.",
        "kind": "study_circle",
        "starts_at": "2024-03-02T19:00:00",
        "ends_at": "2024-03-02T21:00:00",
        "timezone": "Europe/Paris",
        "city": "Paris",
        "country": "FR",
        "languages": ["fr"],
        "organization": organization.slug,
    }


def dates_and_titles(series):
    return [(e.title, e.local_date, e.local_starts_at.time()) for e in series.events.order_by("pk")]


def test_the_api_applies_an_edit_to_this_and_following(series, member):
    second = series.events.order_by("starts_at")[1]

    response = token_client(member).patch(
        f"{EVENTS}{second.pk}/",
        {
            "title": "Reading circle",
            "starts_at": "2024-03-08T18:00:00",
            "ends_at": "2024-03-08T20:30:00",
            "apply_to": "following",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Reading circle"
    assert dates_and_titles(series) == [
        ("Study circle", datetime.date(2024, 3, 1), datetime.time(19, 0)),
        ("Reading circle", datetime.date(2024, 3, 8), datetime.time(18, 0)),
        # After the clocks change (31 March), still 18:00 on Paris's clock.
        ("Reading circle", datetime.date(2024, 3, 15), datetime.time(18, 0)),
    ]


def test_the_api_changes_only_this_event_by_default(series, member):
    second = series.events.order_by("starts_at")[1]
    token_client(member).patch(f"{EVENTS}{second.pk}/", {"title": "Special"}, format="json")
    assert [t for t, _d, _h in dates_and_titles(series)] == [
        "Study circle",
        "Special",
        "Study circle",
    ]


def test_the_api_refuses_a_bad_apply_to_naming_it(series, member, payload_for_creation):
    client = token_client(member)
    second = series.events.order_by("starts_at")[1]
    bad = client.patch(f"{EVENTS}{second.pk}/", {"apply_to": "all"}, format="json")
    assert bad.status_code == 400 and list(bad.json()) == ["apply_to"]
    created = client.post(EVENTS, {**payload_for_creation, "apply_to": "following"}, format="json")
    assert created.status_code == 400 and list(created.json()) == ["apply_to"]
    assert Event.objects.count() == 3


def test_an_outsider_cannot_edit_a_series_through_apply_to(series, outsider):
    second = series.events.order_by("starts_at")[1]
    response = token_client(outsider).patch(
        f"{EVENTS}{second.pk}/", {"title": "Taken", "apply_to": "following"}, format="json"
    )
    assert response.status_code == 404
    assert "Taken" not in [t for t, _d, _h in dates_and_titles(series)]


def test_the_admin_applies_an_edit_to_this_and_following(moderator_client, series):
    first, second, third = series.events.order_by("starts_at")
    page = moderator_client.get(admin_change_url(second)).content.decode()
    assert 'name="scope" value="following"' in page

    response = moderator_client.post(
        admin_change_url(second),
        admin_form_data(second, title="Reading circle", scope="following"),
    )

    assert response.status_code == 302
    assert [t for t, _d, _h in dates_and_titles(series)] == [
        "Study circle",
        "Reading circle",
        "Reading circle",
    ]


def test_the_admin_changes_only_this_event_by_default(moderator_client, series):
    second = series.events.order_by("starts_at")[1]
    moderator_client.post(admin_change_url(second), admin_form_data(second, title="Special"))
    assert [t for t, _d, _h in dates_and_titles(series)] == [
        "Study circle",
        "Special",
        "Study circle",
    ]


def test_the_admin_form_of_an_event_outside_a_series_has_no_scope(moderator_client, organization):
    event = EventFactory(organization=organization)
    assert 'name="scope"' not in moderator_client.get(admin_change_url(event)).content.decode()
