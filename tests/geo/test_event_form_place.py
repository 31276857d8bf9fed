"""The member's event form: the place first, its zone and coordinates from the gazetteer."""

import pytest

from events import places
from events.models import Event
from tests.geo.test_places import no_network  # noqa: F401
from tests.members.conftest import event_form_data  # noqa: F401

NEW = "/my/events/new/"


@pytest.mark.django_db
def test_choosing_tokyo_japan_fills_zone_country_and_coordinates(
    member_client,
    event_form_data,  # noqa: F811
):
    data = event_form_data(
        place="Tokyo, JP", city="", country="", timezone="", latitude="", longitude=""
    )
    response = member_client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert (event.city, event.country.code, event.timezone) == ("Tokyo", "JP", "Asia/Tokyo")
    assert places.distance_km(float(event.latitude), float(event.longitude), 35.6812, 139.7671) < 10


@pytest.mark.django_db
def test_a_zone_foreign_to_the_country_is_reported_before_saving(
    member_client,
    event_form_data,  # noqa: F811
):
    data = event_form_data(city="Tokyo", country="JP", timezone="America/Guayaquil")
    response = member_client.post(NEW, data)
    assert response.status_code == 200
    assert "America/Guayaquil is not a time zone of Japan" in response.content.decode()
    assert Event.objects.count() == 0

    response = member_client.post(NEW, data | {"timezone_confirmed": "on"})
    assert response.status_code == 302
    assert Event.objects.get().timezone == "America/Guayaquil"


@pytest.mark.django_db
def test_the_form_offers_places_and_no_deprecated_zone(member_client):
    text = member_client.get(NEW).content.decode()
    assert 'list="place-suggestions"' in text and 'data-places-url="/places/"' in text
    assert "Asia/Tokyo" in text
    assert "Africa/Asmera" not in text and "Europe/Kiev<" not in text
