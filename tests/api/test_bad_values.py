"""Every bad value answers 400 with a JSON body naming the parameter; nothing is a 500."""

import pytest
from django.test import Client

from events.models import Event
from tests.api.conftest import EVENTS, public_event_days_after
from tests.factories import EventFactory

BAD_VALUES = [
    ("country", "XX"),
    ("country", "FR,ZZ"),
    ("kind", "picnic"),
    ("days", "-1"),
    ("days", "many"),
    ("days", "100000"),
    ("around", "2024-13-40"),
    ("around", "21/01/2024"),
    ("starts_after", "yesterday"),
    ("starts_after", "2024-01-21T18:00"),  # no UTC offset
    ("starts_before", "2024-02-30"),
    ("updated_since", "2024-01-21T25:00:00Z"),
    ("updated_since", "0001-01-01T00:00:00+05:00"),  # before the first UTC instant
    ("starts_before", "9999-12-31T23:59:59-05:00"),  # after the last one
    ("q", "\x00"),
    ("page_size", "10000"),
    ("page_size", "0"),
    ("page_size", "twenty"),
    ("page_size", "-5"),
    ("page", "first"),
    ("page", "0"),
    ("ordering", "title"),
    ("ordering", "starts_at,-nonsense"),
    ("organization", "no-such-party"),
    ("commemoration", "no-such-commemoration"),
    ("language", "xx"),
    ("online", "maybe"),
    ("status", "published"),
]


@pytest.mark.parametrize("parameter, value", BAD_VALUES)
def test_bad_value_answers_400_naming_the_parameter(anon, public_event, parameter, value):
    response = anon.get(EVENTS, {"around": "2024-01-21", parameter: value})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [parameter]
    assert isinstance(body[parameter], list) and body[parameter][0]


def test_several_bad_values_are_all_named(anon, db):
    response = anon.get(EVENTS, {"country": "XX", "days": "-1", "online": "maybe"})

    assert response.status_code == 400
    assert set(response.json()) == {"country", "days", "online"}


def test_error_message_says_what_is_wrong(anon, db):
    assert anon.get(EVENTS, {"page_size": "10000"}).json() == {
        "page_size": ["Enter a whole number from 1 to 200."]
    }
    assert anon.get(EVENTS, {"online": "maybe"}).json() == {"online": ["Enter true or false."]}
    assert anon.get(EVENTS, {"country": "XX"}).json() == {
        "country": ["Select a valid choice. XX is not one of the available choices."]
    }


@pytest.mark.parametrize(
    "path, message",
    [
        ("/api/v1/events/0/", "No Event matches the given query."),
        ("/api/v1/events/999999/", "No Event matches the given query."),
        ("/api/v1/events/abc/", "Not found."),
        ("/api/v1/events/1.5/", "Not found."),
        ("/api/v1/events/-1/", "Not found."),
        ("/api/v1/organizations/nobody/", "No Organization matches the given query."),
        ("/api/v1/commemorations/nothing/", "No Commemoration matches the given query."),
        ("/api/v1/nothing-here/", "Not found."),
        ("/api/v2/events/", "Not found."),
    ],
)
def test_unknown_address_is_a_json_404(anon, db, path, message):
    response = anon.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": message}


def test_a_post_to_an_unknown_address_is_a_json_404_not_the_csrf_page(member, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post("/api/v1/events/x/submit/", {"reason": ""})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "query",
    [
        "since=",
        "since=last-week",
        "since=2024-01-21T10:00:00",  # no UTC offset
        "",
    ],
)
def test_removed_needs_a_moment_with_its_offset(anon, db, query):
    response = anon.get(f"{EVENTS}removed/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == ["since"]


@pytest.mark.parametrize(
    "query",
    ["around=0001-01-05&days=366", "around=9999-12-31", "updated_since=9999-12-31"],
)
def test_a_window_at_the_edge_of_the_calendar_is_simply_empty(anon, public_event, query):
    response = anon.get(f"{EVENTS}?{query}")

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("parameter", ["page", "page_size"])
def test_a_digit_that_is_not_a_number_is_a_400(anon, public_event, parameter):
    # "²" passes str.isdigit() but not int().
    response = anon.get(EVENTS, {parameter: "²"})

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize("path", ["/api/v1/organizations/", "/api/v1/commemorations/"])
def test_other_lists_refuse_a_superscript_page_too(anon, db, path):
    response = anon.get(path, {"page": "²"})

    assert response.status_code == 400
    assert list(response.json()) == ["page"]


@pytest.mark.parametrize("ordering", [",", ",,"])
def test_an_ordering_of_empty_names_is_the_default_order(anon, organization, ordering):
    later = EventFactory(organization=organization, status=Event.Status.APPROVED)
    earlier = public_event_days_after(later, -1, organization=organization)

    response = anon.get(EVENTS, {"ordering": ordering})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [earlier.pk, later.pk]


def test_empty_names_between_orderings_are_skipped(anon, organization):
    first = EventFactory(organization=organization, status=Event.Status.APPROVED)
    second = public_event_days_after(first, 1, organization=organization)

    response = anon.get(EVENTS, {"ordering": "-starts_at,,updated_at"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [second.pk, first.pk]
