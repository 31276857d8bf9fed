"""Public events as GeoJSON (RFC 7946): one Feature per event with coordinates.

features_geojson() is a generator of chunks of octets, so that a long answer streams and
its memory stays bounded (events fetched by chunks with their prefetches, each chunk
written then dropped).
"""

from decimal import Decimal

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

from events.caching import kept_fragments, part_shape

# Events read from the database at a time (a server-side cursor on PostgreSQL), each
# chunk with its prefetches: a query a relation a chunk.
CHUNK = 2000
# Features written at a time: a socket write per feature would cost more than the feature.
FEATURES_PER_WRITE = 100


def as_json(value):
    """What orjson does not write itself, as the API's JSON writes it: coordinates are
    numbers."""
    if isinstance(value, Decimal):
        return float(value)
    return DjangoJSONEncoder().default(value)


def with_coordinates(events):
    return events.filter(latitude__isnull=False, longitude__isnull=False)


def feature(event, properties):
    return {
        "type": "Feature",
        "id": event.pk,
        # RFC 7946: longitude first.
        "geometry": {
            "type": "Point",
            "coordinates": [float(event.longitude), float(event.latitude)],
        },
        "properties": properties,
    }


def features_geojson(events, properties, *, shaped_by=None, chunk_size=CHUNK):
    """The FeatureCollection of `events` (a queryset) as chunks of octets;
    properties(event) -> dict.

    `properties` is made once for the answer (the to_representation of one serializer,
    whose context keeps what all events share), not once an event. The events are fetched
    here with what they show, as a stream reads them (with_related(streamed=True)),
    whatever the queryset asked for before. With `shaped_by` (what besides each event
    shapes its Feature), the Features are kept in the shared cache, and only those not
    kept are written (events.caching.kept_fragments)."""
    events = with_coordinates(events).select_related(None).prefetch_related(None)

    def write(chosen):
        for event in chosen.with_related(streamed=True).iterator(chunk_size=chunk_size):
            written = orjson.dumps(feature(event, properties(event)), default=as_json)
            # orjson's octets hold on to its 16 KB buffer: a copy of their own size, or a
            # chunk of 2,000 Features held for the cache costs 32 MB instead of 3.
            yield event.pk, bytes(memoryview(written))

    parts = kept_fragments(events, shaped_by, write, chunk_size=chunk_size)
    yield b'{"type": "FeatureCollection", "features": ['
    batch, separator = [], b""
    for part in parts:
        batch.append(separator + part)
        separator = b","
        if len(batch) >= FEATURES_PER_WRITE:
            yield b"".join(batch)
            batch = []
    batch.append(b"]}\n")
    yield b"".join(batch)


def geojson_response(events, request, *, by_distance=False):
    """The public `events` as a streamed GeoJSON answer, each Feature's properties the
    API's event: by start, or nearest first. The map's /events.geojson and the API's
    ?format=geojson both answer through here.

    Each Feature is kept (FEED_FRAGMENT_SECONDS) for the language and the site, and for
    the organizations and commemorations as they are (it names them): one query here. Not
    when it holds a distance from the point asked for."""
    from events.serializers import EventSerializer  # noqa: PLC0415 (serializers use models)

    # A distance from the point asked for is the request's, not the event's: not kept.
    by_point = "distance_km" in events.query.annotations
    shaped_by = None if by_point else part_shape("feature", request)
    if not by_distance:
        events = events.order_by("starts_at", "pk")
    properties = EventSerializer(context={"request": request}).to_representation
    return StreamingHttpResponse(
        features_geojson(events, properties, shaped_by=shaped_by),
        content_type="application/geo+json",
    )
