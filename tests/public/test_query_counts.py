"""Every public page runs a fixed number of queries, however many events there are."""

import datetime

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import CoOrganizerFactory, EventFactory, OrganizationFactory, local
from tests.public.conftest import S

ZONES = ["Europe/Paris", "America/Los_Angeles", "Asia/Tokyo", "America/Guayaquil"]


def seed_events(commemoration, count):
    organizations = [
        OrganizationFactory(slug=f"org-{n}", country=country)
        for n, country in enumerate(["FR", "DE", "EC", "JP", "US"])
    ]
    for n in range(count):
        zone = ZONES[n % len(ZONES)]
        event = EventFactory(
            commemoration=commemoration,
            organization=organizations[n % len(organizations)],
            timezone=zone,
            starts_at=local(2024, 1, 1 + n % 31, 8 + n % 12, zone=zone),
            status=S.CANCELLED if n % 10 == 0 else S.APPROVED,
            approved_at=datetime.datetime(2023, 12, 1, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=n),
        )
        CoOrganizerFactory(event=event, organization=organizations[(n + 1) % len(organizations)])
    return organizations


@pytest.fixture
def many_events(commemoration):
    return seed_events(commemoration, 200)


@pytest.fixture(params=[10, 500], ids=["10 events", "500 events"])
def some_events(request, commemoration):
    seed_events(commemoration, request.param)
    return request.param


# Each page with the site's header reads the commemoration's translations (one query), and
# each list of events their translations (one query per list); a search looks each word up
# first, in three queries (Event.objects.search). A list of event cards reads its events'
# ids, days and last changes, then the events whose cards are not kept yet (here all).
PAGES = [
    ("/", 9),
    ("/events/", 10),
    ("/events/?country=FR&kind=lecture&organization=org-0&language=fr&q=Event", 14),
    # The calendar: the days' totals, then the first events of each day.
    ("/calendar/2024/1/", 8),
    ("/calendar/2024/1/?country=FR&online=false", 8),
    # The .ics: a query for the events' last changes, then, for those whose VEVENT is not
    # kept yet (here all), one for them and one for their translations.
    ("/events.ics", 7),
    # near= costs no query of its own: the distance is part of the list's query.
    ("/events/?near=48.85,2.35&radius=900&sort=distance", 9),
    # No event that near: the days' totals tell, and no event is read.
    ("/calendar/2024/1/?near=Paris, FR&radius=900", 7),
    ("/events.ics?near=48.85,2.35&radius=900", 7),
    ("/events/feed.atom", 3),  # the events, their translations, co-organizers
    ("/organizations/", 5),
    ("/organizations/org-0/", 10),  # with its count of events
]


@pytest.mark.parametrize(("path", "queries"), PAGES)
def test_public_page_runs_a_fixed_number_of_queries(
    client, many_events, django_assert_max_num_queries, path, queries
):
    with django_assert_max_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200


def test_event_page_runs_a_fixed_number_of_queries(
    client, many_events, django_assert_max_num_queries
):
    event = Event.objects.public().last()
    with django_assert_max_num_queries(5):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200


def test_pages_show_the_200_events(client, many_events):
    assert client.get("/events/").context["page"].paginator.count == 200
    assert client.get(reverse("events:ics")).getvalue().count(b"BEGIN:VEVENT") == 200
    assert client.get("/").context["figures"]["events"] == 180  # not the 20 cancelled


API_LISTS = [
    ("/api/v1/events/", 7),
    ("/api/v1/events/?around=2024-01-05&days=3&page=2&page_size=2", 7),
    ("/api/v1/events/?country=FR", 7),
    ("/api/v1/events/?q=Event&page_size=50", 10),
    ("/api/v1/events/?q=Event+event+EVENT+lecture&page_size=50", 13),
    ("/api/v1/organizations/", 3),
    ("/api/v1/commemorations/", 3),
]


@pytest.mark.parametrize(("path", "queries"), [*PAGES, *API_LISTS])
def test_the_same_number_of_queries_at_10_and_at_500_events(
    client, some_events, django_assert_max_num_queries, path, queries
):
    """The bound holds whatever the number of events: 10 or 500 alike."""
    with django_assert_max_num_queries(queries):
        response = client.get(path)
        # A streamed feed reads the database while it is written.
        response.getvalue()
    assert response.status_code == 200
