"""A series in public: each occurrence's page lists the series' other public dates, and
the iCalendar feed carries each public occurrence, tied by the series' UID."""

import datetime

import icalendar
import pytest

from events import series as series_service
from events import services
from events.models import Event
from tests.factories import EventFactory, local

S = Event.Status


@pytest.fixture
def series(organization, commemoration, member, moderator):
    """Five Fridays at 19:00 in Paris from 1 March 2024; the last one left a draft."""
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Study circle",
        starts_at=local(2024, 3, 1, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 1, 21, 0, "Europe/Paris"),
    )
    series = series_service.create_series(event=event, rule="FREQ=WEEKLY;COUNT=5", user=member)
    last = series.events.order_by("starts_at").last()
    for occurrence in series.events.exclude(pk=last.pk):
        services.submit_event(occurrence, by=member)
    series_service.move_series(series, services.APPROVE, by=moderator)
    return series


def occurrences(series):
    return list(series.events.order_by("starts_at"))


def test_an_occurrence_page_links_the_other_public_dates(client, series, member):
    first, second, third, fourth, draft = occurrences(series)
    services.cancel_event(third, by=member, reason="The hall is closed.")

    response = client.get(second.get_absolute_url())

    assert response.status_code == 200
    section = response.content.decode().split('class="series-dates"')[1].split("</section>")[0]
    links = [part.split('"')[0] for part in section.split('href="')[1:]]
    assert links == [first.get_absolute_url(), third.get_absolute_url(), fourth.get_absolute_url()]
    assert draft.get_absolute_url() not in response.content.decode()
    assert "cancelled" in section
    assert "Friday" in section


def test_an_event_outside_a_series_lists_no_dates(client, organization, commemoration):
    event = EventFactory(organization=organization, commemoration=commemoration, status=S.APPROVED)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert b"series-dates" not in response.content


def test_the_ics_feed_has_one_vevent_per_public_occurrence_with_the_right_times(client, series):
    public = occurrences(series)[:4]

    calendar = icalendar.Calendar.from_ical(client.get("/events.ics").getvalue())

    components = calendar.walk("VEVENT")
    assert [str(c["uid"]) for c in components] == [f"event-{e.pk}@127.0.0.1" for e in public]
    assert [c.decoded("dtstart") for c in components] == [e.starts_at for e in public]
    assert [c.decoded("dtstart").astimezone(datetime.UTC).hour for c in components] == [
        18,
        18,
        18,
        18,
    ]
    assert [c.decoded("dtend") - c.decoded("dtstart") for c in components] == [
        datetime.timedelta(hours=2)
    ] * 4
    assert {c.decoded("dtstart").strftime("%H:%M") for c in components} == {"19:00"}
    assert {str(c["related-to"]) for c in components} == {f"series-{series.pk}@127.0.0.1"}
    assert {c["related-to"].params["RELTYPE"] for c in components} == {"SIBLING"}


def test_the_ics_feed_keeps_local_time_across_the_change_of_clocks(
    client, organization, commemoration, member, moderator
):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        starts_at=local(2024, 3, 22, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 22, 21, 0, "Europe/Paris"),
    )
    series = series_service.create_series(event=event, rule="FREQ=WEEKLY;COUNT=3", user=member)
    series_service.move_series(series, services.SUBMIT, by=member)
    series_service.move_series(series, services.APPROVE, by=moderator)

    components = icalendar.Calendar.from_ical(client.get("/events.ics").getvalue()).walk("VEVENT")

    assert [str(c["dtstart"].to_ical().decode()) for c in components] == [
        "20240322T190000",
        "20240329T190000",
        "20240405T190000",
    ]
    assert {c["dtstart"].params["TZID"] for c in components} == {"Europe/Paris"}
    assert [c.decoded("dtstart").astimezone(datetime.UTC).hour for c in components] == [18, 18, 17]


def test_an_occurrence_page_costs_the_same_queries_however_long_its_series(
    client, organization, commemoration, member, moderator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries(count):
        event = EventFactory(
            organization=organization,
            commemoration=commemoration,
            starts_at=local(2024, 5, 3, 19, 0, "Europe/Paris"),
            ends_at=local(2024, 5, 3, 21, 0, "Europe/Paris"),
        )
        made = series_service.create_series(
            event=event, rule=f"FREQ=WEEKLY;COUNT={count}", user=member
        )
        series_service.move_series(made, services.SUBMIT, by=member)
        series_service.move_series(made, services.APPROVE, by=moderator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(event.get_absolute_url())
        assert response.context["series_dates"][-1].local_date == datetime.date(
            2024, 5, 3
        ) + datetime.timedelta(weeks=count - 1)
        return len(queries)

    assert page_queries(3) == page_queries(12)
