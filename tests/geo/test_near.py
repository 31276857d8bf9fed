"""near=/radius=: events within a distance, computed by the database, on every door."""

import pytest
from django.db import connection

from events.models import Event
from tests.factories import EventFactory

S = Event.Status

PLACES = {
    "Paris": ("FR", 48.85341, 2.3488),
    "Lyon": ("FR", 45.74906, 4.84789),
    "Berlin": ("DE", 52.52437, 13.41053),
    "Suva": ("FJ", -18.13683, 178.42531),
    "Apia": ("WS", -13.83333, -171.76666),
    "Alert": ("CA", 82.5, -62.35),
    "Longyearbyen": ("SJ", 78.22, 15.65),
}


@pytest.fixture
def placed(commemoration, organization):
    return {
        city: EventFactory(
            commemoration=commemoration,
            organization=organization,
            status=S.APPROVED,
            title=f"Meeting in {city}",
            city=city,
            country=country,
            latitude=lat,
            longitude=lon,
        )
        for city, (country, lat, lon) in PLACES.items()
    }


def api_titles(client, query):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 200, response.content
    return [(e["title"], e["distance_km"]) for e in response.json()["results"]]


@pytest.mark.django_db
def test_radius_400_from_paris_holds_lyon_not_berlin(client, placed):
    found = api_titles(client, "near=48.8566,2.3522&radius=400&ordering=distance")
    assert [title for title, _ in found] == ["Meeting in Paris", "Meeting in Lyon"]
    assert found[0][1] < 1
    assert 385 < found[1][1] < 400


@pytest.mark.django_db
def test_radius_900_from_paris_holds_berlin_ordered_by_distance(client, placed):
    found = api_titles(client, "near=48.8566,2.3522&radius=900&ordering=distance")
    assert [title for title, _ in found] == [
        "Meeting in Paris",
        "Meeting in Lyon",
        "Meeting in Berlin",
    ]
    assert 870 < found[2][1] < 885


@pytest.mark.django_db
def test_near_a_city_name_of_the_gazetteer(client, placed):
    found = api_titles(client, "near=Lyon, FR&radius=400&ordering=distance")
    assert [title for title, _ in found] == ["Meeting in Lyon", "Meeting in Paris"]


@pytest.mark.django_db
def test_across_the_antimeridian_fiji_finds_samoa(client, placed):
    # Suva (178°E) to Apia (171°W): about 1,150 km across longitude 180.
    found = api_titles(client, "near=-18.14,178.43&radius=1300&ordering=distance")
    assert [title for title, _ in found] == ["Meeting in Suva", "Meeting in Apia"]
    found = api_titles(client, "near=-13.83,-171.77&radius=1300&ordering=distance")
    assert [title for title, _ in found] == ["Meeting in Apia", "Meeting in Suva"]


@pytest.mark.django_db
def test_near_the_north_pole_every_longitude_counts(client, placed):
    found = api_titles(client, "near=89.9,0&radius=1300&ordering=distance")
    assert [title for title, _ in found] == ["Meeting in Alert", "Meeting in Longyearbyen"]


@pytest.mark.django_db
def test_list_calendar_ics_and_geojson_honour_near(client, placed):
    page = client.get("/events/?near=Paris, FR&radius=400&starts_after=2024-01-01")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Meeting in Lyon" in text and "Meeting in Berlin" not in text
    assert " km away" in text
    ics = client.get("/events.ics?near=48.8566,2.3522&radius=400").getvalue().decode()
    assert "Meeting in Lyon" in ics and "Meeting in Berlin" not in ics
    calendar = client.get("/calendar/2024/1/?near=48.8566,2.3522&radius=400").content.decode()
    assert "Meeting in Lyon" in calendar and "Meeting in Berlin" not in calendar


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("near=200,0", "near"),
        ("near=0,200", "near"),
        ("near=Atlantis-upon-Nowhere", "near"),
        ("near=48.85,2.35&radius=-1", "radius"),
        ("near=48.85,2.35&radius=100000", "radius"),
        ("near=48.85,2.35&radius=far", "radius"),
        ("sort=nearest", "sort"),
    ],
)
def test_bad_near_values_answer_400_naming_the_parameter(client, placed, query, parameter):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    page = client.get(f"/events/?{query}")
    assert page.status_code == 200
    assert "error-summary" in page.content.decode()
    assert client.get(f"/events.ics?{query}").status_code == 400


@pytest.mark.django_db
def test_distance_ordering_without_near_is_ignored(client, placed):
    response = client.get("/api/v1/events/?ordering=distance")
    assert response.status_code == 200
    assert len(response.json()["results"]) == len(PLACES)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
def test_near_query_uses_the_latitude_longitude_index_on_postgresql(placed):
    from events import geo

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    plan = geo.within(Event.objects.public(), 48.85, 2.35, 400).explain()
    assert "event_lat_lon" in plan
