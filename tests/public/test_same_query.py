"""One query string gives the same events on the list, the calendar, the feeds and the API."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from tests.factories import EventFactory, OrganizationFactory, local
from tests.public.conftest import S, approved, calendar_days, listed_titles

QUERY = (
    "country=FR&kind=lecture&language=fr&online=false&q=imperialism"
    "&starts_after=2024-01-01&starts_before=2024-01-31"
)
MATCHING = {"Imperialism in Paris", "Imperialism in Lyon, cancelled", "Imperialism at midnight"}


@pytest.fixture
def combined_events(commemoration, organization):
    """Events that match every part of QUERY, and one more for each part, that misses it."""
    matching = {
        "country": "FR",
        "kind": "lecture",
        "languages": ["fr"],
        "online_url": "",
        "timezone": "Europe/Paris",
        "commemoration": commemoration,
        "organization": organization,
        "status": S.APPROVED,
        "approved_at": timezone.now(),
        "description": "On imperialism today.",
    }

    def event(title, day, **changes):
        fields = {**matching, **changes}
        starts_at = changes.pop("starts_at", local(2024, 1, day, 18, zone=fields["timezone"]))
        fields.update(starts_at=starts_at, title=title)
        return EventFactory(**fields)

    event("Imperialism in Paris", 10)
    event(
        "Imperialism in Lyon, cancelled",
        11,
        status=S.CANCELLED,
        cancellation_reason="Strike on the railways.",
    )
    # 00:30 on 1 January in Paris is still 31 December in UTC: the local day counts.
    event("Imperialism at midnight", 1, starts_at=local(2024, 1, 1, 0, 30, zone="Europe/Paris"))
    event("Imperialism in Berlin", 12, country="DE")
    event("Imperialism, a rally", 13, kind="rally")
    event("Imperialism in English", 14, languages=["en"])
    event("Imperialism, also online", 15, online_url="https://meet.example.org/x")
    event("Colonialism in Paris", 16, description="On colonialism.")
    event("Imperialism, submitted", 17, status=S.SUBMITTED, approved_at=None)
    event("Imperialism, rejected", 18, status=S.REJECTED, approved_at=None)
    event("Imperialism in February", 1, starts_at=local(2024, 2, 1, 18, zone="Europe/Paris"))
    # 23:30 on 31 January in Paris is 1 February in Tokyo: outside the month, by its local day.
    event(
        "Imperialism in Tokyo",
        1,
        timezone="Asia/Tokyo",
        starts_at=datetime.datetime(2024, 2, 1, 7, 30, tzinfo=datetime.UTC),
    )
    event(
        "Imperialism by another host",
        20,
        organization=OrganizationFactory(name="Other host", slug="other-host", country="FR"),
    )


def test_one_query_string_gives_the_same_events_everywhere(client, combined_events):
    on_list = set(listed_titles(client.get(f"/events/?{QUERY}")))
    on_calendar = {
        title
        for titles in calendar_days(client.get(f"/calendar/2024/1/?{QUERY}")).values()
        for title in titles
    }
    calendar = icalendar.Calendar.from_ical(client.get(f"/events.ics?{QUERY}").getvalue())
    in_ics = {str(component["SUMMARY"]) for component in calendar.walk("VEVENT")}
    in_api = {row["title"] for row in client.get(f"/api/v1/events/?{QUERY}").json()["results"]}

    assert on_list == MATCHING | {"Imperialism by another host"}
    assert on_calendar == on_list
    assert in_ics == on_list
    assert in_api == on_list


def test_the_organization_filter_narrows_every_surface_alike(client, combined_events):
    query = f"{QUERY}&organization=other-host"
    calendar = icalendar.Calendar.from_ical(client.get(f"/events.ics?{query}").getvalue())
    api = client.get(f"/api/v1/events/?{query}").json()["results"]
    expected = {"Imperialism by another host"}
    assert set(listed_titles(client.get(f"/events/?{query}"))) == expected
    assert {
        t for ts in calendar_days(client.get(f"/calendar/2024/1/?{query}")).values() for t in ts
    } == expected
    assert {str(c["SUMMARY"]) for c in calendar.walk("VEVENT")} == expected
    assert {row["title"] for row in api} == expected


def test_more_link_leads_to_exactly_that_days_events_with_the_filters(
    client, commemoration, organization
):
    def event(title, starts_at, zone, **fields):
        return approved(commemoration, organization, title, starts_at, zone, **fields)

    for hour in (9, 12, 15, 18):
        event(
            f"Paris lecture at {hour}",
            local(2024, 1, 10, hour, zone="Europe/Paris"),
            "Europe/Paris",
        )
    # 23:30 on the 10th in Tokyo is 14:30 UTC the same day; 22:00 on the 9th in Los Angeles
    # is 06:00 UTC on the 10th, but its local day is the 9th.
    event("Tokyo lecture", local(2024, 1, 10, 23, 30, zone="Asia/Tokyo"), "Asia/Tokyo")
    event(
        "Los Angeles lecture",
        local(2024, 1, 9, 22, zone="America/Los_Angeles"),
        "America/Los_Angeles",
    )
    event("Paris rally", local(2024, 1, 10, 11, zone="Europe/Paris"), "Europe/Paris", kind="rally")
    event("Next day lecture", local(2024, 1, 11, 0, 10, zone="Europe/Paris"), "Europe/Paris")

    response = client.get("/calendar/2024/1/", {"kind": "lecture"})
    day = next(d for week in response.context["month"].weeks for d in week if d.date.day == 10)
    # Only the three shown are read; the day still counts all five.
    assert (len(day.events), day.total, day.more) == (3, 5, 2)
    assert calendar_days(response)["2024-01-09"] == ["Los Angeles lecture"]
    link = "/events/?kind=lecture&amp;starts_after=2024-01-10&amp;starts_before=2024-01-10"
    assert f'<a class="more" href="{link}">2 more' in response.getvalue().decode()

    day_list = client.get(link.replace("&amp;", "&"))
    assert listed_titles(day_list) == [
        "Paris lecture at 9",
        "Paris lecture at 12",
        "Paris lecture at 15",
        "Paris lecture at 18",
        "Tokyo lecture",  # 23:30 there: by local start time, last of the day
    ]
