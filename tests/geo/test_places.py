"""The gazetteer: suggestions, coordinates filled for the API, a zone that does not fit
the place reported; all of it with the network blocked."""

import socket

import pytest

from events import places
from events.models import Event
from tests.api.conftest import token_client
from tests.api.test_writing import EVENTS, payload  # noqa: F401


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection to another host fails the test."""

    def refuse(self, address, *args, **kwargs):
        raise AssertionError(f"tried to reach {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_tokyo_japan_gives_asia_tokyo_and_coordinates_within_10_km():
    place = places.lookup("Tokyo, JP")
    assert (place.country, place.timezone) == ("JP", "Asia/Tokyo")
    assert places.distance_km(place.latitude, place.longitude, 35.6812, 139.7671) < 10
    assert places.resolve("tokyo", "jp")["timezone"] == "Asia/Tokyo"
    assert places.resolve("Tokyo", "FR") is None
    assert places.lookup(str(place.id)) == place


def test_suggestions_by_prefix_biggest_first_accents_ignored():
    assert [p.label for p in places.search("tok")][0] == "Tokyo, JP"
    assert places.search("bogo", country="CO")[0].name == "Bogotá"
    assert places.search("") == []


@pytest.mark.django_db
def test_places_endpoint_suggests_cities_as_json(client):
    response = client.get("/places/?q=tok")
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["label"] == "Tokyo, JP"
    assert first["timezone"] == "Asia/Tokyo"
    assert client.get("/places/?q=").json() == {"results": []}


@pytest.mark.django_db
def test_api_fills_coordinates_of_a_city_without_them_and_says_so(
    member,
    payload,  # noqa: F811
):
    del payload["latitude"], payload["longitude"]
    payload |= {"city": "Lyon", "country": "FR"}
    response = token_client(member).post(EVENTS, payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["coordinates_source"] == "gazetteer"
    assert (body["latitude"], body["longitude"]) == (45.74906, 4.84789)
    event = Event.objects.get()
    assert (float(event.latitude), float(event.longitude)) == (45.74906, 4.84789)


@pytest.mark.django_db
def test_api_keeps_the_coordinates_given(member, payload):  # noqa: F811
    response = token_client(member).post(EVENTS, payload, format="json")
    assert response.status_code == 201
    assert response.json()["coordinates_source"] is None
    assert response.json()["latitude"] == 48.8686


@pytest.mark.django_db
def test_a_zone_that_is_not_the_countrys_is_refused_until_confirmed(
    member,
    payload,  # noqa: F811
):
    payload |= {"city": "Tokyo", "country": "JP", "timezone": "America/Guayaquil"}
    del payload["latitude"], payload["longitude"]
    api = token_client(member)
    response = api.post(EVENTS, payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["timezone"]
    assert "America/Guayaquil is not a time zone of Japan" in response.json()["timezone"][0]
    assert Event.objects.count() == 0

    response = api.post(EVENTS, payload | {"timezone_confirmed": True}, format="json")
    assert response.status_code == 201
    assert Event.objects.get().timezone == "America/Guayaquil"
