"""The month grid: local dates across time zones, weeks by language, filters, navigation."""

import datetime
import re

import pytest
from django.utils import timezone

from events import calendar_grid
from tests.factories import local
from tests.public.conftest import approved, calendar_days

WEEKDAY_HEADERS = re.compile(r'<th scope="col"><abbr title="([^"]+)">')


def test_events_fall_on_their_local_date_across_time_zones(client, commemoration, organization):
    # 23:30 on 31 January in Los Angeles is 07:30 UTC on 1 February: still January there.
    approved(
        commemoration,
        organization,
        "Los Angeles study circle",
        local(2024, 1, 31, 23, 30, zone="America/Los_Angeles"),
        "America/Los_Angeles",
    )
    # 00:30 on 1 February in Tokyo is 15:30 UTC on 31 January: February there.
    approved(
        commemoration,
        organization,
        "Tokyo lecture",
        local(2024, 2, 1, 0, 30, zone="Asia/Tokyo"),
        "Asia/Tokyo",
    )
    january = client.get("/calendar/2024/1/")
    february = client.get("/calendar/2024/2/")
    assert calendar_days(january) == {"2024-01-31": ["Los Angeles study circle"]}
    assert calendar_days(february) == {"2024-02-01": ["Tokyo lecture"]}
    # Shown at the time of the place, not of the server.
    assert '<time datetime="2024-01-31T23:30:00-08:00">11:30 p.m.</time>' in (
        january.content.decode()
    )
    assert '<time datetime="2024-02-01T00:30:00+09:00">12:30 a.m.</time>' in (
        february.content.decode()
    )


def test_calendar_is_a_table_with_column_headers(client, commemoration):
    content = client.get("/calendar/2024/1/").content.decode()
    assert '<table class="calendar">' in content
    assert "<caption>January 2024</caption>" in content
    assert len(WEEKDAY_HEADERS.findall(content)) == 7
    # January 2024 spans five weeks when they start on Sunday.
    assert content.count("<tr>") == 1 + 5


def test_weeks_start_on_sunday_in_english(client, commemoration):
    content = client.get("/calendar/2024/1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert WEEKDAY_HEADERS.findall(content)[0] == "Sunday"
    assert WEEKDAY_HEADERS.findall(content)[-1] == "Saturday"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_weeks_start_on_monday_in_french_and_spanish(client, commemoration, language):
    content = client.get("/calendar/2024/1/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    headers = WEEKDAY_HEADERS.findall(content)
    assert len(headers) == 7
    assert headers[0].lower() in {"lundi", "lunes", "monday"}
    assert headers[-1].lower() in {"dimanche", "domingo", "sunday"}
    # 1 January 2024 is a Monday: the first cell of the first week is that day.
    first_cell = content.index("<tbody>")
    assert content.index('datetime="2024-01-01"', first_cell) < content.index("</tr>", first_cell)


def test_day_with_many_events_links_to_the_list_of_that_day(client, commemoration, organization):
    for hour in range(10, 15):
        approved(
            commemoration,
            organization,
            f"Rally at {hour}",
            local(2024, 1, 21, hour, zone="Europe/Paris"),
            "Europe/Paris",
        )
    response = client.get("/calendar/2024/1/", {"country": "FR"})
    content = response.content.decode()
    assert calendar_days(response) == {"2024-01-21": ["Rally at 10", "Rally at 11", "Rally at 12"]}
    link = "/events/?country=FR&amp;starts_after=2024-01-21&amp;starts_before=2024-01-21"
    assert f'<a class="more" href="{link}">2 more' in content
    day_list = client.get(link.replace("&amp;", "&"))
    assert day_list.context["page"].paginator.count == 5


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({}, ["Paris lecture", "Online meeting"]),
        ({"country": "FR"}, ["Paris lecture"]),
        ({"kind": "online_meeting"}, ["Online meeting"]),
        ({"organization": "other-party"}, ["Online meeting"]),
        ({"language": "en"}, ["Online meeting"]),
        ({"online": "true"}, ["Online meeting"]),
        ({"online": "false"}, ["Paris lecture"]),
        ({"q": "lecture"}, ["Paris lecture"]),
        ({"starts_after": "2024-01-21"}, ["Online meeting"]),
        ({"starts_before": "2024-01-20"}, ["Paris lecture"]),
    ],
)
def test_each_filter_narrows_the_calendar(
    client, commemoration, organization, other_organization, query, titles
):
    approved(
        commemoration,
        organization,
        "Paris lecture",
        local(2024, 1, 12, 18, zone="Europe/Paris"),
        "Europe/Paris",
        kind="lecture",
        country="FR",
        languages=["fr"],
    )
    approved(
        commemoration,
        other_organization,
        "Online meeting",
        local(2024, 1, 27, 15, zone="UTC"),
        "UTC",
        kind="online_meeting",
        country="",
        city="",
        online_url="https://meet.example.org/",
        languages=["en"],
    )
    response = client.get("/calendar/2024/1/", query)
    shown = [title for day in calendar_days(response).values() for title in day]
    assert shown == titles


def test_invalid_calendar_filter_shows_the_error(client, commemoration, organization):
    approved(commemoration, organization, "Lecture", local(2024, 1, 12, 18), "Europe/Paris")
    response = client.get("/calendar/2024/1/", {"kind": "picnic"})
    assert response.status_code == 200
    assert calendar_days(response) == {}
    assert "picnic is not one of the available choices" in response.content.decode()
    assert "Correct the filters to see the events." in response.content.decode()


def test_previous_and_next_month_keep_the_filters(client, commemoration):
    # Within the window (2024); its edges stop (tests/public/test_calendar_window.py).
    content = client.get("/calendar/2024/6/", {"country": "FR"}).content.decode()
    assert '<a rel="prev" href="/calendar/2024/5/?country=FR">' in content
    assert '<a rel="next" href="/calendar/2024/7/?country=FR">' in content


@pytest.mark.parametrize("path", ["/calendar/2024/13/", "/calendar/2024/0/", "/calendar/99999/1/"])
def test_month_that_does_not_exist_is_404(client, commemoration, path):
    assert client.get(path).status_code == 404


def test_calendar_opens_on_the_anchor_month_once_the_window_has_passed(client, commemoration):
    response = client.get("/calendar/")
    assert response.context["month"].first == datetime.date(2024, 1, 1)
    assert "<caption>January 2024</caption>" in response.content.decode()


def test_calendar_opens_on_the_current_month_inside_the_window(client, running_commemoration):
    response = client.get("/calendar/")
    assert response.context["month"].first == timezone.localdate().replace(day=1)


@pytest.mark.parametrize(
    "rank_by_day_above",
    # A month as small as this one is ranked by one window; a large one, on PostgreSQL,
    # day by day: both ways give the same days.
    [calendar_grid.RANK_BY_DAY_ABOVE, 0],
    ids=["by a window", "day by day on PostgreSQL"],
)
def test_calendar_reads_only_the_first_three_events_of_a_day_and_counts_the_rest(
    client, commemoration, organization, monkeypatch, rank_by_day_above
):
    monkeypatch.setattr(calendar_grid, "RANK_BY_DAY_ABOVE", rank_by_day_above)
    for hour in (20, 9, 15, 11, 18, 13, 10):
        approved(
            commemoration,
            organization,
            title=f"At {hour}",
            starts_at=local(2024, 1, 21, hour, zone="Europe/Paris"),
            zone="Europe/Paris",
        )
    approved(
        commemoration,
        organization,
        title="Alone",
        starts_at=local(2024, 1, 22, 12, zone="Europe/Paris"),
        zone="Europe/Paris",
    )

    response = client.get("/calendar/2024/1/")

    days = {day.date.day: day for week in response.context["month"].weeks for day in week}
    # Only three events of the 21st came from the database, the earliest ones.
    assert [event.title for event in days[21].events] == ["At 9", "At 10", "At 11"]
    assert (days[21].total, days[21].more) == (7, 4)
    assert ([event.title for event in days[22].events], days[22].more) == (["Alone"], 0)
    assert "4 more" in response.content.decode()
    # In a chosen zone, the days are that zone's: from 16:00 in Paris it is the 22nd in
    # Tokyo.
    in_tokyo = client.get("/calendar/2024/1/", {"tz": "Asia/Tokyo"})
    days = {day.date.day: day for week in in_tokyo.context["month"].weeks for day in week}
    assert [event.title for event in days[21].events] == ["At 9", "At 10", "At 11"]
    assert (days[21].total, days[22].total) == (5, 3)
    assert [event.title for event in days[22].events] == ["At 18", "At 20", "Alone"]
