"""Events at the ends of the calendar (years 1 and 9999) are shown, never a server error.

9999-12-31T22:00Z is already year 10000 in Tokyo, and 0001-01-01T00:00Z still year 0 in
New York: no datetime holds those local times. Where they are shown, the instant is
shown in UTC instead.
"""

import datetime

import pytest
from django.utils import timezone

from events.models import Event
from tests.api.conftest import token_client
from tests.factories import CommemorationFactory, EventFactory

UTC = datetime.UTC


def approved_event(organization, commemoration, title, zone, starts_at):
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        status=Event.Status.APPROVED,
        approved_at=timezone.now(),
        title=title,
        timezone=zone,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )


@pytest.fixture
def last_event(organization, commemoration):
    start = datetime.datetime(9999, 12, 31, 22, 0, tzinfo=UTC)
    return approved_event(organization, commemoration, "Last rally", "Asia/Tokyo", start)


@pytest.fixture
def first_event(organization, commemoration):
    start = datetime.datetime(1, 1, 1, 0, 0, tzinfo=UTC)
    return approved_event(organization, commemoration, "First lecture", "America/New_York", start)


def test_local_time_past_the_calendars_ends_falls_back_to_utc(last_event, first_event):
    assert last_event.local_starts_at == datetime.datetime(9999, 12, 31, 22, 0, tzinfo=UTC)
    assert last_event.local_starts_at.utcoffset() == datetime.timedelta(0)
    assert last_event.local_date == datetime.date(9999, 12, 31)
    assert first_event.local_ends_at == datetime.datetime(1, 1, 1, 1, 0, tzinfo=UTC)
    assert first_event.local_date == datetime.date(1, 1, 1)


def test_a_time_that_fits_in_its_zone_is_still_local(organization, commemoration):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        timezone="Asia/Tokyo",
        starts_at=datetime.datetime(9999, 12, 31, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(9999, 12, 31, 14, 30, tzinfo=UTC),
    )

    assert event.local_starts_at.isoformat() == "9999-12-31T23:00:00+09:00"


def test_list_shows_events_at_both_ends_of_the_calendar(client, last_event, first_event):
    response = client.get("/events/", {"starts_after": "0001-01-01"})

    assert response.status_code == 200
    content = response.getvalue().decode()
    assert "Last rally" in content
    assert "First lecture" in content
    assert '<time datetime="9999-12-31T22:00:00+00:00">' in content
    assert '<time datetime="0001-01-01T00:00:00+00:00">' in content


@pytest.mark.parametrize("which", ["last_event", "first_event"])
def test_event_page_at_the_calendars_ends_is_shown(client, request, which):
    event = request.getfixturevalue(which)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert f"<h1>{event.title}</h1>" in response.getvalue().decode()
    assert f'<time datetime="{event.starts_at.isoformat()}">' in response.getvalue().decode()


def test_organization_page_and_home_show_events_at_the_calendars_ends(
    client, organization, last_event, first_event
):
    for path in (organization.get_absolute_url(), "/"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_feeds_carry_events_at_the_calendars_ends(client, last_event, first_event):
    calendar = client.get("/events.ics")
    atom = client.get("/events/feed.atom")
    single = client.get(f"/events/{last_event.pk}-{last_event.slug}.ics")

    assert calendar.status_code == 200
    body = calendar.getvalue()
    assert b"SUMMARY:Last rally" in body
    assert b"SUMMARY:First lecture" in body
    assert atom.status_code == 200
    assert b"Last rally" in atom.getvalue()
    assert b"First lecture" in atom.getvalue()
    assert single.status_code == 200


def test_admin_list_and_export_show_events_at_the_calendars_ends(
    moderator_client, last_event, first_event
):
    listing = moderator_client.get("/admin/events/event/")
    change = moderator_client.get(f"/admin/events/event/{last_event.pk}/change/")
    export = moderator_client.post(
        "/admin/events/event/",
        {"action": "export_csv", "_selected_action": [last_event.pk, first_event.pk]},
    )

    assert listing.status_code == 200
    assert "Last rally" in listing.getvalue().decode()
    assert change.status_code == 200
    assert export.status_code == 200
    assert "9999-12-31T22:00:00+00:00,9999-12-31T23:00:00+00:00,Asia/Tokyo" in (
        b"".join(export.streaming_content).decode()
    )


def test_api_gives_events_at_the_calendars_ends_in_utc(client, last_event, first_event):
    listing = client.get("/api/v1/events/", {"starts_after": "0001-01-01"})
    one = client.get(f"/api/v1/events/{last_event.pk}/")

    assert listing.status_code == 200
    rows = {row["title"]: row for row in listing.json()["results"]}
    assert rows["First lecture"]["starts_at"] == "0001-01-01T00:00:00+00:00"
    assert rows["Last rally"]["ends_at"] == "9999-12-31T23:00:00+00:00"
    assert one.status_code == 200
    assert one.json()["starts_at"] == "9999-12-31T22:00:00+00:00"
    assert one.json()["local_date"] == "9999-12-31"


def test_member_registers_an_event_on_the_calendars_last_evening(member, organization):
    CommemorationFactory(slug="until-the-end", ends_on=datetime.date(9999, 12, 31))
    response = token_client(member).post(
        "/api/v1/events/",
        {
            "title": "New year's eve of 9999",
            "summary": "The last one.",
            "kind": "cultural",
            "starts_at": "9999-12-31T22:00:00Z",
            "ends_at": "9999-12-31T23:00:00Z",
            "timezone": "Asia/Tokyo",
            "city": "Tokyo",
            "languages": ["ja"],
            "organization": organization.slug,
            "commemoration": "until-the-end",
        },
        format="json",
    )

    assert response.status_code == 201, response.getvalue()
    assert response.json()["starts_at"] == "9999-12-31T22:00:00+00:00"
    assert Event.objects.get(title="New year's eve of 9999").local_date == datetime.date(
        9999, 12, 31
    )
