"""Values at the edges, through the member area and the API: clear answers, never a 500."""

import datetime

import pytest

from events.models import Event
from tests.api.conftest import EVENTS, token_client
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_duplicating_an_event_on_the_calendars_last_day_opens_the_form(member_client, organization):
    event = EventFactory(
        organization=organization,
        starts_at=datetime.datetime(9999, 12, 31, 18, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(9999, 12, 31, 20, 0, tzinfo=datetime.UTC),
        timezone="UTC",
    )

    response = member_client.get(f"/my/events/{event.pk}/duplicate/")

    assert response.status_code == 200
    # A week later does not exist: the copy keeps the day, for the member to change.
    assert 'name="starts_on" value="9999-12-31"' in response.content.decode()


def test_a_language_given_twice_counts_once(member, organization):
    event = EventFactory(organization=organization, languages=["fr"])
    alice_api = token_client(member)

    response = alice_api.patch(
        f"{EVENTS}{event.pk}/", {"languages": ["es", "fr", "es"]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["languages"] == ["es", "fr"]
    assert Event.objects.get(pk=event.pk).languages == ["es", "fr"]


def test_the_member_area_shows_an_event_at_the_calendars_very_end(member_client, organization):
    # 23:00 UTC on 31 December 9999 is already the year 10000 in Tokyo: no datetime holds it.
    event = EventFactory(
        organization=organization,
        timezone="Asia/Tokyo",
        starts_at=datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC),
    )

    assert member_client.get("/my/").status_code == 200
    page = member_client.get(f"/my/events/{event.pk}/")
    assert page.status_code == 200
    assert "(Asia/Tokyo)" in page.content.decode()
