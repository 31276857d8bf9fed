"""Times are entered as the event's local clock shows them and stored in UTC."""

import datetime

import pytest

from events.models import Event
from events.timezones import country_timezone
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    local,
)

UTC = datetime.UTC


def _create(client, data):
    response = client.post("/my/events/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    return Event.objects.get()


def test_tokyo_just_after_midnight_is_on_the_21st_there(member_client, event_form_data):
    event = _create(
        member_client,
        event_form_data(
            timezone="Asia/Tokyo",
            starts_time="00:30",
            ends_time="02:00",
            city="Tokyo",
            country="JP",
        ),
    )
    assert event.starts_at == datetime.datetime(2024, 1, 20, 15, 30, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2024, 1, 20, 17, 0, tzinfo=UTC)
    assert event.timezone == "Asia/Tokyo"
    assert event.local_date == datetime.date(2024, 1, 21)
    assert Event.objects.on_local_date(datetime.date(2024, 1, 21)).get() == event

    # The edit form gives the times back as the clock in Tokyo shows them.
    response = member_client.get(f"/my/events/{event.pk}/edit/")
    form = response.context["form"]
    assert form["starts_on"].value() == datetime.date(2024, 1, 21)
    assert form["starts_time"].value() == datetime.time(0, 30)
    assert form["ends_on"].value() is None
    assert 'value="00:30"' in response.content.decode()

    # The member's page shows the clock in Tokyo, not the server's UTC.
    page = member_client.get(f"/my/events/{event.pk}/").content.decode()
    assert (
        '<time datetime="2024-01-20T15:30:00+00:00">Jan. 21, 2024, 12:30 a.m.</time> – 2 a.m. '
        "(Asia/Tokyo)"
    ) in page


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc_hour"),
    [
        # New York moves to summer time on 10 March 2024: UTC-5, then UTC-4.
        ("America/New_York", "2024-03-09", 23),
        ("America/New_York", "2024-03-10", 22),
        # Paris moves on 31 March 2024: UTC+1, then UTC+2.
        ("Europe/Paris", "2024-03-30", 17),
        ("Europe/Paris", "2024-03-31", 16),
        # and back on 27 October 2024.
        ("Europe/Paris", "2024-10-26", 16),
        ("Europe/Paris", "2024-10-27", 17),
    ],
)
def test_the_same_local_hour_across_a_daylight_saving_change(
    member_client, event_form_data, zone, day, expected_utc_hour
):
    event = _create(
        member_client,
        event_form_data(
            timezone_confirmed="on",
            timezone=zone,
            starts_on=day,
            starts_time="18:00",
            ends_time="19:00",
        ),
    )
    assert event.starts_at.astimezone(UTC).hour == expected_utc_hour
    assert event.local_starts_at.time() == datetime.time(18, 0)
    assert event.local_date.isoformat() == day


def test_a_time_the_clocks_skip_is_refused_with_the_reason(member_client, event_form_data):
    response = member_client.post(
        "/my/events/new/",
        event_form_data(starts_on="2024-03-31", starts_time="02:30", ends_time="04:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_time": [
            "Clocks skip this time in Europe/Paris (summer time begins); choose another."
        ]
    }
    assert Event.objects.count() == 0


def test_an_event_that_crosses_midnight(member_client, event_form_data):
    event = _create(
        member_client,
        event_form_data(
            starts_on="2024-01-21", starts_time="22:00", ends_on="2024-01-22", ends_time="01:30"
        ),
    )
    assert event.starts_at == datetime.datetime(2024, 1, 21, 21, 0, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2024, 1, 22, 0, 30, tzinfo=UTC)
    assert event.local_date == datetime.date(2024, 1, 21)

    response = member_client.get(f"/my/events/{event.pk}/edit/")
    assert response.context["form"]["ends_on"].value() == datetime.date(2024, 1, 22)
    page = member_client.get(f"/my/events/{event.pk}/").content.decode()
    assert "Jan. 21, 2024, 10 p.m.</time> – Jan. 22, 2024, 1:30 a.m. (Europe/Paris)" in page


def test_an_end_before_the_start_without_end_date_asks_for_the_date(member_client, event_form_data):
    response = member_client.post(
        "/my/events/new/", event_form_data(starts_time="22:00", ends_time="01:30")
    )
    assert response.context["form"].errors == {
        "ends_time": ["The end is before the start. If it ends after midnight, give the end date."]
    }
    page = response.content.decode()
    assert 'value="22:00"' in page
    assert 'value="01:30"' in page
    assert Event.objects.count() == 0


def test_time_zone_defaults_to_the_main_zone_of_the_organizations_country(
    client, event_form_data, commemoration
):
    japanese = OrganizationFactory(name="Japanese Party", country="JP", city="Tokyo")
    person = MembershipFactory(organization=japanese, user=UserFactory(username="kenji")).user
    client.force_login(person)

    # A single organization: the form opens on its zone.
    response = client.get("/my/events/new/")
    assert response.context["form"]["timezone"].value() == "Asia/Tokyo"

    # Left on the first choice, the zone comes from the organization's country.
    event = _create(
        client,
        event_form_data(organization=japanese.pk, timezone="", starts_time="00:30", country="JP"),
    )
    assert event.timezone == "Asia/Tokyo"
    assert event.starts_at == datetime.datetime(2024, 1, 20, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("country", "zone"),
    [
        ("FR", "Europe/Paris"),
        ("jp", "Asia/Tokyo"),
        ("US", "America/New_York"),
        ("CA", "America/Toronto"),
        ("RU", "Europe/Moscow"),
        ("BR", "America/Sao_Paulo"),
        ("EC", "America/Guayaquil"),
        ("XX", "UTC"),
        ("", "UTC"),
    ],
)
def test_country_timezone(country, zone):
    assert country_timezone(country) == zone


def test_duplicating_a_weekly_event_keeps_its_local_hour_across_a_clock_change(
    member_client, organization, commemoration, event_form_data
):
    source = EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Study circle: State and Revolution",
        starts_at=local(2024, 3, 28, 19, 0, zone="Europe/Paris"),
        ends_at=local(2024, 3, 28, 21, 0, zone="Europe/Paris"),
        languages=["fr"],
    )
    response = member_client.get(f"/my/events/{source.pk}/duplicate/")
    form = response.context["form"]
    assert form["title"].value() == "Study circle: State and Revolution"
    assert form["starts_on"].value() == datetime.date(2024, 4, 4)
    assert form["starts_time"].value() == datetime.time(19, 0)

    data = event_form_data(
        title=form["title"].value(), starts_on="2024-04-04", starts_time="19:00", ends_time="21:00"
    )
    response = member_client.post(f"/my/events/{source.pk}/duplicate/", data)
    assert response.status_code == 302, response.context["form"].errors
    copy = Event.objects.exclude(pk=source.pk).get()
    assert copy.title == source.title
    assert copy.status == Event.Status.DRAFT
    assert copy.slug != source.slug
    assert copy.starts_at == datetime.datetime(2024, 4, 4, 17, 0, tzinfo=UTC)
    assert source.starts_at == datetime.datetime(2024, 3, 28, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "zone"),
    [
        ("0024-01-21", "Europe/Paris"),  # 2024 with its first digits lost
        ("0001-01-01", "Asia/Tokyo"),  # before year 1 in UTC: no datetime can hold it
        ("2025-01-21", "Europe/Paris"),  # the year after the commemoration
    ],
)
def test_a_day_outside_the_commemoration_is_refused_by_its_field(
    member_client, event_form_data, day, zone
):
    response = member_client.post(
        "/my/events/new/",
        event_form_data(starts_on=day, timezone_confirmed="on", timezone=zone, title="Keep me"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_on": [
            "Centenary of Lenin's death runs from Jan. 1, 2024 to Dec. 31, 2024: "
            "choose a day in it."
        ]
    }
    assert 'value="Keep me"' in response.content.decode()
    assert Event.objects.count() == 0


def test_an_end_date_beyond_the_calendar_is_refused_by_its_field(member_client, event_form_data):
    # 31 December 9999 at 18:00 in Los Angeles is in year 10000 in UTC.
    response = member_client.post(
        "/my/events/new/",
        event_form_data(
            timezone_confirmed="on",
            timezone="America/Los_Angeles",
            ends_on="9999-12-31",
            ends_time="18:00",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "ends_on": [
            "This date and time cannot be shown in America/Los_Angeles: "
            "choose a date between the years 1 and 9999."
        ]
    }
    assert Event.objects.count() == 0


# Etc/GMT-3 (UTC+3) may come through the API; the form's list leaves the Etc zones out, and
# the deprecated aliases (Africa/Asmera, now Africa/Asmara) an event may have been saved at.
@pytest.mark.parametrize("zone", ["Etc/GMT-3", "Africa/Asmera"])
def test_editing_keeps_a_time_zone_the_list_does_not_offer(
    member_client, organization, commemoration, event_form_data, zone
):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        timezone=zone,
        starts_at=local(2024, 1, 21, 18, 30, zone),
        ends_at=local(2024, 1, 21, 20, 0, zone),
        city="Paris",
        country="FR",
    )
    response = member_client.get(f"/my/events/{event.pk}/edit/")
    assert f'<option value="{zone}" selected>{zone}</option>' in response.content.decode()

    response = member_client.post(
        f"/my/events/{event.pk}/edit/", event_form_data(timezone=zone, action="save")
    )
    assert response["Location"] == f"/my/events/{event.pk}/"
    event.refresh_from_db()
    assert event.timezone == zone
    assert event.starts_at == datetime.datetime(2024, 1, 21, 15, 30, tzinfo=UTC)
