"""Within a day, events come in the order of their local start time, everywhere."""

import icalendar

from events.models import Event
from tests.factories import local
from tests.public.conftest import approved, calendar_days, listed_titles

# In UTC: Tokyo 06:00, Paris 13:00, New York 18:00. On the wall clock: 13:00, 14:00, 15:00.
LOCAL_ORDER = ["New York at one", "Paris at two", "Tokyo at three"]


def three_zones(commemoration, organization):
    for title, hour, zone in (
        ("Tokyo at three", 15, "Asia/Tokyo"),
        ("Paris at two", 14, "Europe/Paris"),
        ("New York at one", 13, "America/New_York"),
    ):
        approved(commemoration, organization, title, local(2024, 1, 15, hour, zone=zone), zone)


DAY = {"starts_after": "2024-01-15", "starts_before": "2024-01-15"}


def test_list_orders_a_day_by_local_start_time(client, commemoration, organization):
    three_zones(commemoration, organization)
    assert listed_titles(client.get("/events/", DAY)) == LOCAL_ORDER


def test_calendar_orders_a_day_by_local_start_time(client, commemoration, organization):
    three_zones(commemoration, organization)
    assert calendar_days(client.get("/calendar/2024/1/")) == {"2024-01-15": LOCAL_ORDER}


def test_ics_orders_a_day_by_local_start_time(client, commemoration, organization):
    three_zones(commemoration, organization)
    calendar = icalendar.Calendar.from_ical(client.get("/events.ics", DAY).getvalue())
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == LOCAL_ORDER


def test_api_orders_a_day_by_local_start_time(client, commemoration, organization):
    three_zones(commemoration, organization)
    rows = client.get("/api/v1/events/", DAY).json()["results"]
    assert [row["title"] for row in rows] == LOCAL_ORDER


def test_home_anchor_day_orders_by_local_start_time(client, commemoration, organization):
    for title, hour, zone in (
        ("Tokyo at three", 15, "Asia/Tokyo"),
        ("Paris at two", 14, "Europe/Paris"),
        ("New York at one", 13, "America/New_York"),
    ):
        approved(commemoration, organization, title, local(2024, 1, 21, hour, zone=zone), zone)
    page = client.get("/").content.decode()
    positions = [page.index(title) for title in LOCAL_ORDER]
    assert positions == sorted(positions)


def test_stored_local_time_is_the_wall_clock_of_the_zone(commemoration, organization):
    three_zones(commemoration, organization)
    times = dict(Event.objects.values_list("title", "local_time"))
    assert [times[t].hour for t in LOCAL_ORDER] == [13, 14, 15]
