"""tz=: the list, the calendar and the embed show days and times in a zone the visitor picks."""

import re

import pytest

from tests.factories import EventFactory, local
from tests.public.conftest import S, approved, calendar_days, card_titles, listed_titles
from tests.public.test_query_counts import seed_events

NEW_YORK = "America/New_York"


@pytest.fixture
def tokyo_night(commemoration, organization):
    """Half past midnight on 21 January in Tokyo: still the 20th in New York (10:30)."""
    return approved(
        commemoration,
        organization,
        "Night vigil in Tokyo",
        local(2024, 1, 21, 0, 30, zone="Asia/Tokyo"),
        "Asia/Tokyo",
        city="Tokyo",
        country="JP",
    )


def day_sections(response):
    """{ISO date of a day heading: [titles listed under it]} on the list."""
    content = response.content.decode()
    days = {}
    for day, body in re.findall(
        r'<section class="day" aria-labelledby="day-([0-9-]+)">(.*?)</section>', content, re.S
    ):
        days[day] = re.findall(r'<h3 class="event-title"><a href="[^"]+">([^<]+)</a></h3>', body)
    return days


def test_without_tz_the_tokyo_event_is_on_its_own_day(client, tokyo_night):
    listing = client.get("/events/", {"starts_after": "2024-01-01"})
    month = client.get("/calendar/2024/1/")

    assert day_sections(listing) == {"2024-01-21": ["Night vigil in Tokyo"]}
    assert calendar_days(month) == {"2024-01-21": ["Night vigil in Tokyo"]}
    assert "Days and times in" not in listing.content.decode()


def test_in_new_york_the_tokyo_event_is_on_saturday_20_january(client, tokyo_night):
    listing = client.get("/events/", {"starts_after": "2024-01-01", "tz": NEW_YORK})
    month = client.get("/calendar/2024/1/", {"tz": NEW_YORK})
    content = listing.content.decode()

    assert day_sections(listing) == {"2024-01-20": ["Night vigil in Tokyo"]}
    assert '<time datetime="2024-01-20">Saturday, Jan. 20, 2024</time>' in content
    assert calendar_days(month) == {"2024-01-20": ["Night vigil in Tokyo"]}
    # The event's own time (with its date, another day than the heading's), then New York's.
    assert ">Jan. 21, 2024, 12:30 a.m.</time></span>" in content
    assert '<span class="chosen-zone-time">10:30 a.m. in America/New_York</span>' in content
    assert '<time datetime="2024-01-20T10:30:00-05:00">10:30 a.m.</time>' in (
        month.content.decode()
    )
    for page in (listing, month):
        assert '<p class="zone-note">Days and times in America/New_York.</p>' in (
            page.content.decode()
        )


def test_a_day_asked_for_is_a_day_in_the_chosen_zone(client, tokyo_night):
    on_the_20th = {"starts_after": "2024-01-20", "starts_before": "2024-01-20"}
    on_the_21st = {"starts_after": "2024-01-21", "starts_before": "2024-01-21"}

    assert listed_titles(client.get("/events/", on_the_20th)) == []
    assert listed_titles(client.get("/events/", {**on_the_20th, "tz": NEW_YORK})) == [
        "Night vigil in Tokyo"
    ]
    assert listed_titles(client.get("/events/", {**on_the_21st, "tz": NEW_YORK})) == []
    around = {"around": "2024-01-19", "days": "1"}
    assert listed_titles(client.get("/events/", {**around, "tz": NEW_YORK})) == [
        "Night vigil in Tokyo"
    ]
    assert listed_titles(client.get("/events/", around)) == []


def test_tz_accepts_a_name_in_any_case(client, tokyo_night):
    response = client.get("/calendar/2024/1/", {"tz": "america/new_york"})
    assert response.status_code == 200
    assert calendar_days(response) == {"2024-01-20": ["Night vigil in Tokyo"]}


def test_across_the_change_to_summer_time_in_paris_events_fall_on_their_day(
    client, commemoration, organization
):
    # Paris moves from UTC+1 to UTC+2 at 01:00 UTC on Sunday 31 March 2024.
    utc = "UTC"
    approved(commemoration, organization, "Before the change", local(2024, 3, 30, 23, 30), utc)
    approved(commemoration, organization, "Late on Sunday", local(2024, 3, 31, 21, 30), utc)
    # 00:30 on Monday 1 April in Paris: at UTC+1 it would still be Sunday, 23:30.
    approved(commemoration, organization, "Monday already", local(2024, 3, 31, 22, 30), utc)

    month = client.get("/calendar/2024/3/", {"tz": "Europe/Paris"})
    listing = client.get("/events/", {"starts_after": "2024-03-30", "tz": "Europe/Paris"})
    sunday = client.get(
        "/events/",
        {"starts_after": "2024-03-31", "starts_before": "2024-03-31", "tz": "Europe/Paris"},
    )

    assert calendar_days(month) == {"2024-03-31": ["Before the change", "Late on Sunday"]}
    assert day_sections(listing) == {
        "2024-03-31": ["Before the change", "Late on Sunday"],
        "2024-04-01": ["Monday already"],
    }
    assert listed_titles(sunday) == ["Before the change", "Late on Sunday"]
    assert calendar_days(client.get("/calendar/2024/3/")) == {
        "2024-03-30": ["Before the change"],
        "2024-03-31": ["Late on Sunday", "Monday already"],
    }


BAD_ZONES = ["Mars/Olympus", "Africa/Asmera", "US/Eastern", "Etc/GMT+5", "x" * 10_000, "+05:00"]


@pytest.mark.parametrize("value", BAD_ZONES)
def test_bad_tz_is_an_error_naming_tz(client, tokyo_night, value):
    for path in ("/events.ics", "/events/feed.atom", "/api/v1/events/"):
        response = client.get(path, {"tz": value})
        assert response.status_code == 400, path
        assert "tz" in response.content.decode(), path
    # The pages show it beside the form, as every other filter they cannot understand.
    for path in ("/events/", "/calendar/2024/1/"):
        response = client.get(path, {"tz": value})
        content = response.content.decode()
        assert "Some filters could not be understood." in content
        assert 'href="#id_tz">Time zone: Unknown time zone for tz: give an IANA name' in content
        assert "Night vigil in Tokyo" not in content
    embed = client.get("/embed/", {"tz": value}).content.decode()
    assert "filters are not valid: tz: Unknown time zone for tz: give an IANA name" in embed


def test_a_nul_byte_in_tz_is_refused(client, tokyo_night):
    assert client.get("/events/?tz=Europe/Paris%00").status_code == 400
    assert client.get("/events.ics?tz=%00").status_code == 400


def test_tz_is_kept_by_the_calendars_months_and_days_and_by_the_list_pages(
    client, commemoration, organization
):
    for hour in range(4):
        approved(commemoration, organization, f"Rally {hour}", local(2024, 1, 20, 12 + hour), "UTC")
    month = client.get("/calendar/2024/1/", {"tz": NEW_YORK}).content.decode()
    assert 'href="/calendar/2024/2/?tz=America%2FNew_York"' in month
    february = client.get("/calendar/2024/2/", {"tz": NEW_YORK}).content.decode()
    assert 'href="/calendar/2024/1/?tz=America%2FNew_York"' in february
    assert "tz=America%2FNew_York&amp;starts_after=2024-01-20&amp;starts_before=2024-01-20" in (
        month
    )
    for _n in range(55):
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            starts_at=local(2024, 1, 22, 10),
            status=S.APPROVED,
        )
    listing = client.get("/events/", {"starts_after": "2024-01-01", "tz": NEW_YORK})
    assert 'href="?starts_after=2024-01-01&amp;tz=America%2FNew_York&amp;page=2"' in (
        listing.content.decode()
    )


def test_the_zone_menu_offers_common_zones_first_and_a_button_for_the_visitors_own(client, db):
    content = client.get("/events/").content.decode()
    select = content[
        content.index('<select name="tz"') : content.index(
            "</select>", content.index('<select name="tz"')
        )
    ]
    assert '<option value="" selected>Each event in its own time zone</option>' in select
    assert select.index('<optgroup label="Common zones">') < select.index(
        '<optgroup label="Africa">'
    )
    assert '<option value="America/New_York">America/New York (UTC-05:00)' in select or (
        '<option value="America/New_York">America/New York (UTC-04:00)' in select
    )
    assert 'value="Africa/Asmera"' not in select
    assert "data-my-zone" in content
    assert '<script src="/static/js/my-zone.js" defer></script>' in content
    chosen = client.get("/events/", {"tz": NEW_YORK}).content.decode()
    assert '<option value="America/New_York" selected>' in chosen


def test_the_chosen_zone_is_part_of_the_cached_feeds_answer(client, tokyo_night):
    on_the_21st = {"starts_after": "2024-01-21", "starts_before": "2024-01-21"}
    own = client.get("/events.ics", on_the_21st)
    in_new_york = client.get("/events.ics", {**on_the_21st, "tz": NEW_YORK})
    again = client.get("/events.ics", on_the_21st)

    assert own.getvalue().count(b"BEGIN:VEVENT") == 1
    assert in_new_york.getvalue().count(b"BEGIN:VEVENT") == 0
    assert again.getvalue().count(b"BEGIN:VEVENT") == 1
    assert own["ETag"] != in_new_york["ETag"]


def test_the_embed_shows_its_month_and_list_in_the_chosen_zone(client, tokyo_night):
    month = client.get("/embed/", {"view": "month", "month": "2024-01", "tz": NEW_YORK})
    content = month.content.decode()
    cell = re.search(r'<span class="day-number">20</span>(.*?)</td>', content, re.S).group(1)
    assert "Night vigil in Tokyo" in cell
    assert '<time datetime="2024-01-20T10:30:00-05:00">10:30 a.m.</time>' in cell
    assert '<p class="zone-note">Days and times in America/New_York.</p>' in content
    own = client.get("/embed/", {"view": "month", "month": "2024-01"}).content.decode()
    cell = re.search(r'<span class="day-number">21</span>(.*?)</td>', own, re.S).group(1)
    assert "Night vigil in Tokyo" in cell


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/events/?tz=America/New_York", 10),
        ("/events/?tz=Asia/Tokyo&starts_after=2024-01-05&starts_before=2024-01-20", 10),
        ("/calendar/2024/1/?tz=America/New_York", 8),
        ("/events.ics?tz=Europe/Paris&around=2024-01-21", 7),
    ],
)
def test_a_chosen_zone_costs_no_query(
    client, commemoration, django_assert_max_num_queries, path, queries
):
    seed_events(commemoration, 200)
    with django_assert_max_num_queries(queries):
        response = client.get(path)
        if path.startswith("/events.ics"):
            response.getvalue()
    assert response.status_code == 200


def test_the_home_pages_anchor_day_in_the_chosen_zone(client, tokyo_night):
    own = client.get("/")
    in_new_york = client.get("/", {"tz": NEW_YORK})
    ignored = client.get("/", {"tz": "Mars/Olympus"})

    assert card_titles(own.context["anchor_day"]) == ["Night vigil in Tokyo"]
    assert list(in_new_york.context["anchor_day"]) == []
    content = in_new_york.content.decode()
    assert '<p class="zone-note">Days and times in America/New_York.</p>' in content
    assert ignored.status_code == 200
    assert card_titles(ignored.context["anchor_day"]) == ["Night vigil in Tokyo"]


def test_the_maps_list_gives_the_times_in_the_chosen_zone(client, tokyo_night):
    tokyo_night.latitude, tokyo_night.longitude = 35.68, 139.76
    tokyo_night.save()
    own = client.get("/map/").content.decode()
    in_new_york = client.get("/map/", {"tz": NEW_YORK}).content.decode()

    assert "Jan. 21, 2024, 12:30 a.m.</time> (Asia/Tokyo)" in own
    assert "Jan. 20, 2024, 10:30 a.m.</time> (America/New_York)" in in_new_york
    assert '<p class="zone-note">Days and times in America/New_York.</p>' in in_new_york
