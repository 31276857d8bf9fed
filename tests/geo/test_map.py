"""/map/: the filtered public events with coordinates, listed too; the others counted apart."""

import pytest

from events.models import Event
from tests.factories import EventFactory
from tests.geo.test_near import placed  # noqa: F401

S = Event.Status


@pytest.mark.django_db
def test_map_lists_placed_events_and_counts_the_others(
    client,
    placed,  # noqa: F811
    commemoration,
    organization,
):
    EventFactory(
        commemoration=commemoration,
        organization=organization,
        status=S.APPROVED,
        title="Online study circle",
        latitude=None,
        longitude=None,
    )
    EventFactory(commemoration=commemoration, organization=organization, status=S.DRAFT)
    response = client.get("/map/?country=FR,DE")
    text = response.content.decode()
    assert response.status_code == 200
    assert "3 events on the map" in text
    assert "Meeting in Lyon" in text and "Meeting in Suva" not in text
    assert "1 event has no place on the map" in text
    assert "Online study circle" in text
    assert 'data-events="/events.geojson?country=FR%2CDE"' in text
    assert 'href="/map/"' in client.get("/").content.decode()
    assert "https://" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_map_with_bad_filters_shows_the_form_error(client):
    response = client.get("/map/?near=200,0")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


@pytest.mark.django_db
def test_outlines_are_served_by_the_site_and_small():
    from django.contrib.staticfiles import finders

    path = finders.find("vendor/world-atlas/countries-110m.geojson")
    assert path is not None
    with open(path, encoding="utf-8") as outlines:
        text = outlines.read()
    assert len(text) < 1_000_000
    assert '"type":"FeatureCollection"' in text
