"""Each filter of the event list alone, then combined, with ordering and pagination."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commemoration.models import Commemoration
from events.models import Event
from tests.api.conftest import EVENTS, ids
from tests.factories import CoOrganizerFactory, EventFactory, OrganizationFactory, local

A = Event.Status.APPROVED


def event(**kwargs):
    kwargs.setdefault("status", A)
    return EventFactory(**kwargs)


def at(zone, *args):
    start = local(*args, zone=zone)
    return {"timezone": zone, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}


@pytest.fixture
def grid(organization, other_organization, commemoration):
    """Public events spread over places, zones, kinds, languages and organizations."""
    return {
        "paris": event(
            organization=organization,
            title="Paris lecture",
            country="FR",
            kind=Event.Kind.LECTURE,
            languages=["fr"],
            **at("Europe/Paris", 2024, 1, 21, 18),
        ),
        "berlin": event(
            organization=other_organization,
            title="Berlin rally",
            city="Berlin",
            country="DE",
            kind=Event.Kind.RALLY,
            languages=["de", "en"],
            **at("Europe/Berlin", 2024, 1, 14, 11),
        ),
        "quito": event(
            organization=other_organization,
            title="Quito film",
            city="Quito",
            country="EC",
            kind=Event.Kind.FILM,
            languages=["es"],
            **at("America/Guayaquil", 2024, 1, 28, 19),
        ),
        "online": event(
            organization=organization,
            title="Online study circle",
            city="",
            country="",
            kind=Event.Kind.STUDY_CIRCLE,
            languages=["en"],
            online_url="https://meet.example.org/circle",
            **at("UTC", 2024, 2, 10, 16),
        ),
    }


def test_without_filters_every_public_event_in_start_order(anon, grid):
    g = grid
    assert ids(anon.get(EVENTS)) == [
        g["berlin"].pk,
        g["paris"].pk,
        g["quito"].pk,
        g["online"].pk,
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=FR", ["paris"]),
        ("country=fr", ["paris"]),
        ("country=FR&country=EC", ["paris", "quito"]),
        ("country=FR,DE", ["berlin", "paris"]),
        ("kind=rally", ["berlin"]),
        ("kind=rally,film", ["berlin", "quito"]),
        ("kind=film&kind=lecture", ["paris", "quito"]),
        ("language=en", ["berlin", "online"]),
        ("language=es", ["quito"]),
        ("online=true", ["online"]),
        ("online=false", ["berlin", "paris", "quito"]),
        ("q=rally", ["berlin"]),
        ("q=quito film", ["quito"]),
        ("q=workers", ["paris", "online"]),
        ("organization=other-party", ["berlin", "quito"]),
        ("commemoration=lenin-centenary", ["berlin", "paris", "quito", "online"]),
        ("starts_after=2024-01-21", ["paris", "quito", "online"]),
        ("starts_before=2024-01-21", ["berlin", "paris"]),
        ("starts_after=2024-01-21T18:00:00%2B01:00", ["paris", "quito", "online"]),
        ("starts_after=2024-01-21T18:00:01%2B01:00", ["quito", "online"]),
        ("starts_before=2024-01-21T16:59:59Z", ["berlin"]),
        ("around=2024-01-21", ["berlin", "paris", "quito"]),
        ("around=2024-01-21&days=0", ["paris"]),
        ("around=2024-01-21&days=6", ["paris"]),
        ("around=2024-01-21&days=30", ["berlin", "paris", "quito", "online"]),
        ("around=2024-02-10&days=0", ["online"]),
    ],
)
def test_each_filter_alone(anon, grid, query, expected):
    assert ids(anon.get(f"{EVENTS}?{query}")) == [grid[name].pk for name in expected]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=FR,DE,EC&kind=rally,film&language=es", ["quito"]),
        ("around=2024-01-21&days=7&online=false&organization=other-party", ["berlin", "quito"]),
        ("starts_after=2024-01-15&starts_before=2024-01-31&country=DE", []),
        ("q=lecture&country=FR&around=2024-01-21&days=0&kind=lecture", ["paris"]),
        ("commemoration=lenin-centenary&language=en&online=true", ["online"]),
    ],
)
def test_filters_combined(anon, grid, query, expected):
    assert ids(anon.get(f"{EVENTS}?{query}")) == [grid[name].pk for name in expected]


def test_around_uses_the_events_local_date_across_time_zones(anon, organization):
    # 23:30 on 20 January in Los Angeles is 07:30 on the 21st in UTC: still the 20th there.
    los_angeles = event(organization=organization, **at("America/Los_Angeles", 2024, 1, 20, 23, 30))
    # 00:30 on the 21st in Tokyo is still the 20th in UTC: the 21st there.
    tokyo = event(organization=organization, **at("Asia/Tokyo", 2024, 1, 21, 0, 30))

    assert ids(anon.get(f"{EVENTS}?around=2024-01-20&days=0")) == [los_angeles.pk]
    assert ids(anon.get(f"{EVENTS}?around=2024-01-21&days=0")) == [tokyo.pk]
    assert ids(anon.get(f"{EVENTS}?starts_after=2024-01-21")) == [tokyo.pk]
    assert ids(anon.get(f"{EVENTS}?starts_before=2024-01-20")) == [los_angeles.pk]
    assert anon.get(f"{EVENTS}{los_angeles.pk}/").json()["local_date"] == "2024-01-20"


def test_days_without_around_changes_nothing(anon, grid):
    assert len(ids(anon.get(f"{EVENTS}?days=0"))) == 4


def test_organization_filter_includes_co_organized_events(anon, grid, other_organization):
    CoOrganizerFactory(event=grid["paris"], organization=other_organization)

    assert ids(anon.get(f"{EVENTS}?organization=other-party")) == [
        grid["berlin"].pk,
        grid["paris"].pk,
        grid["quito"].pk,
    ]


def test_commemoration_filter_keeps_each_commemoration_apart(
    anon, grid, organization, earlier_commemoration
):
    later = earlier_commemoration
    old = event(organization=organization, commemoration=later, **at("UTC", 2017, 11, 7, 12))

    assert ids(anon.get(f"{EVENTS}?commemoration=october-centenary")) == [old.pk]
    assert Commemoration.objects.count() == 2
    assert old.pk not in ids(anon.get(f"{EVENTS}?commemoration=lenin-centenary"))


def test_updated_since_returns_events_changed_at_or_after_that_moment(anon, grid):
    moment = timezone.now()
    grid["quito"].title = "Quito film evening"
    grid["quito"].save()
    since = moment.isoformat().replace("+00:00", "Z")

    assert ids(anon.get(EVENTS, {"updated_since": since})) == [grid["quito"].pk]
    assert len(ids(anon.get(EVENTS, {"updated_since": "2000-01-01"}))) == 4


def test_ordering(anon, grid):
    g = grid
    g["berlin"].save()  # changed last
    by_start = [g["berlin"].pk, g["paris"].pk, g["quito"].pk, g["online"].pk]

    assert ids(anon.get(f"{EVENTS}?ordering=starts_at")) == by_start
    assert ids(anon.get(f"{EVENTS}?ordering=-starts_at")) == by_start[::-1]
    assert ids(anon.get(f"{EVENTS}?ordering=updated_at"))[-1] == g["berlin"].pk
    assert ids(anon.get(f"{EVENTS}?ordering=-updated_at"))[0] == g["berlin"].pk


def test_ordering_ties_are_broken_by_id_so_pages_never_overlap(anon, organization):
    same_start = [event(organization=organization) for _ in range(5)]
    Event.objects.update(updated_at=timezone.now())

    first = ids(anon.get(f"{EVENTS}?ordering=-updated_at&page_size=2"))
    second = ids(anon.get(f"{EVENTS}?ordering=-updated_at&page_size=2&page=2"))
    third = ids(anon.get(f"{EVENTS}?ordering=-updated_at&page_size=2&page=3"))

    assert first + second + third == [e.pk for e in same_start]


def test_pagination_edges(anon, organization):
    events = [event(organization=organization) for _ in range(5)]

    first = anon.get(f"{EVENTS}?page_size=2").json()
    last = anon.get(f"{EVENTS}?page_size=2&page=3").json()
    exact = anon.get(f"{EVENTS}?page_size=5").json()
    beyond = anon.get(f"{EVENTS}?page_size=2&page=4")

    assert first["count"] == 5
    assert [row["id"] for row in first["results"]] == [e.pk for e in events[:2]]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/events/?page=2&page_size=2"
    assert [row["id"] for row in last["results"]] == [events[4].pk]
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/events/?page=2&page_size=2"
    assert (exact["count"], exact["next"], len(exact["results"])) == (5, None, 5)
    assert beyond.status_code == 404
    assert beyond.json() == {"detail": "Invalid page."}


def test_default_page_is_twenty_and_two_hundred_is_allowed(anon, organization):
    EventFactory.create_batch(201, organization=organization, status=A)

    default = anon.get(EVENTS).json()
    largest = anon.get(f"{EVENTS}?page_size=200").json()

    assert (default["count"], len(default["results"])) == (201, 20)
    assert (largest["count"], len(largest["results"])) == (201, 200)
    assert largest["next"] == "http://testserver/api/v1/events/?page=2&page_size=200"


def test_empty_list_has_the_same_shape(anon, db):
    assert anon.get(EVENTS).json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_new_organization_with_no_events_filters_to_nothing(anon, grid):
    OrganizationFactory(slug="newcomers")
    assert ids(anon.get(f"{EVENTS}?organization=newcomers")) == []


@pytest.mark.parametrize("query", ["country=FR", "country=FR,DE&kind=rally,lecture", "language=de"])
def test_column_filters_count_and_list_without_distinct(anon, grid, query):
    """A choice of values of one column repeats no row: a DISTINCT over every column would
    make the count sort the whole table."""
    with CaptureQueriesContext(connection) as queries:
        response = anon.get(f"{EVENTS}?{query}")

    assert response.status_code == 200
    assert response.json()["count"] >= 1
    reads = [q["sql"] for q in queries.captured_queries if '"events_event"' in q["sql"]]
    assert reads, "the list read no events"
    assert not [sql for sql in reads if "DISTINCT" in sql.upper()], reads
