"""/events.ics and /events.geojson read the database in the same few queries whatever
the number of events: a query a relation for each chunk of events, never one an event."""

import pytest

from events.models import EventReport, Series
from tests.factories import (
    CoOrganizerFactory,
    EventFactory,
    EventReportFactory,
    EventTranslationFactory,
)
from tests.public.conftest import S


def make_events(count, commemoration, organization, other_organization):
    """`count` public events on the map, each with everything a feed may show of it."""
    series = Series.objects.create(organization=organization, rule="FREQ=WEEKLY;COUNT=2")
    for n in range(count):
        event = EventFactory(
            commemoration=commemoration,
            organization=organization,
            status=S.CANCELLED if n % 3 == 0 else S.APPROVED,
            cancellation_reason="Rain." if n % 3 == 0 else "",
            latitude="48.850000",
            longitude="2.350000",
            series=series if n % 2 else None,
            timezone=["Europe/Paris", "Asia/Tokyo", "UTC"][n % 3],
        )
        EventTranslationFactory(event=event, language="es")
        CoOrganizerFactory(event=event, organization=other_organization)
        EventReportFactory(event=event, status=EventReport.Status.APPROVED)


def read_all(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("path", ["/events.ics", "/events.geojson"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_whole_feed_costs_the_same_queries_for_3_and_30_events(
    client,
    commemoration,
    organization,
    other_organization,
    django_assert_num_queries,
    path,
    count,
    language,
):
    make_events(count, commemoration, organization, other_organization)
    # The .ics: the commemoration and its translations (its name), the list's validators,
    # the zones, the events' last changes, then, as none of their VEVENTs is kept yet, the
    # events and their translations. The GeoJSON: the events' last changes, then, as none
    # of their Features is kept yet, the events (their series and report joined), their
    # hosts, commemorations, co-organizers, translations and reports' photos.
    queries = {"/events.ics": 7, "/events.geojson": 7}[path]
    with django_assert_num_queries(queries):
        body = read_all(client.get(path, HTTP_ACCEPT_LANGUAGE=language))
    assert body.count(b"BEGIN:VEVENT" if path.endswith("ics") else b'"Feature"') == count
