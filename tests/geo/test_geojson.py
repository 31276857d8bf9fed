"""/events.geojson and format=geojson: valid GeoJSON, the list's filters, public events only."""

import json

import pytest

from events.models import Event, EventReport, Series
from tests.factories import (
    CoOrganizerFactory,
    EventFactory,
    EventReportFactory,
    EventTranslationFactory,
)
from tests.geo.test_near import PLACES, placed  # noqa: F401

S = Event.Status


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(b"".join(response.streaming_content))


def assert_valid_geojson(collection):
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        # [longitude, latitude], as RFC 7946 orders them.
        assert [lon, lat] == [feature["properties"]["longitude"], feature["properties"]["latitude"]]


@pytest.mark.django_db
def test_events_geojson_is_valid_and_lists_public_events_with_coordinates(
    client,
    placed,  # noqa: F811
    commemoration,
    organization,
):
    EventFactory(commemoration=commemoration, organization=organization, status=S.SUBMITTED)
    EventFactory(
        commemoration=commemoration,
        organization=organization,
        status=S.APPROVED,
        title="Nowhere on the map",
        latitude=None,
        longitude=None,
    )
    collection = read(client.get("/events.geojson"))
    assert_valid_geojson(collection)
    berlin = next(f for f in collection["features"] if f["properties"]["city"] == "Berlin")
    assert berlin["geometry"]["coordinates"] == [13.41053, 52.52437]
    assert sorted(f["id"] for f in collection["features"]) == sorted(e.pk for e in placed.values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["country=FR", "near=48.8566,2.3522&radius=900", "country=FJ,WS", "q=Berlin"]
)
def test_geojson_holds_the_same_events_as_the_list_for_the_same_filters(
    client,
    placed,  # noqa: F811
    query,
):
    api = client.get(f"/api/v1/events/?{query}&page_size=200").json()["results"]
    for path in (f"/events.geojson?{query}", f"/api/v1/events/?{query}&format=geojson"):
        collection = read(client.get(path))
        assert_valid_geojson(collection)
        assert sorted(f["id"] for f in collection["features"]) == sorted(e["id"] for e in api)
        assert collection["features"][0]["properties"].keys() == api[0].keys()


@pytest.mark.django_db
def test_geojson_with_bad_filters_answers_400(client, placed):  # noqa: F811
    assert client.get("/events.geojson?near=200,0").status_code == 400
    response = client.get("/api/v1/events/?near=200,0&format=geojson")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_features_properties_are_the_apis_event(
    client,
    placed,  # noqa: F811
    organization,
    other_organization,
    language,
):
    paris, berlin, suva = placed["Paris"], placed["Berlin"], placed["Suva"]
    CoOrganizerFactory(event=paris, organization=other_organization)
    EventTranslationFactory(event=berlin, language="es", title="Reunión en Berlín")
    EventReportFactory(event=suva, status=EventReport.Status.APPROVED, approved_at=suva.ends_at)
    series = Series.objects.create(organization=organization, rule="FREQ=WEEKLY;COUNT=2")
    Event.objects.filter(pk=berlin.pk).update(series=series, online_url="https://example.org/")
    Event.objects.filter(pk=paris.pk).update(status=S.CANCELLED, cancellation_reason="Rain.")
    header = {"HTTP_ACCEPT_LANGUAGE": language}
    api = client.get("/api/v1/events/?page_size=200", **header).json()["results"]
    expected = {event["id"]: event for event in api}
    for path in ("/events.geojson", "/api/v1/events/?format=geojson"):
        features = read(client.get(path, **header))["features"]
        assert {f["id"]: f["properties"] for f in features} == expected
