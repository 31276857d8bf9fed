"""Public events as GeoJSON (RFC 7946): one Feature per event with coordinates.

features_geojson() is a generator of text chunks, so that a long answer streams and its
memory stays bounded (events fetched by chunks, each chunk serialized then dropped).
"""

import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

CHUNK = 500


class Encoder(DjangoJSONEncoder):
    """As the API's JSON: coordinates are numbers."""

    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


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


def features_geojson(events, serialize):
    """The FeatureCollection of `events` as text chunks; serialize(event) -> properties."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for event in with_coordinates(events).iterator(chunk_size=CHUNK):
        text = json.dumps(feature(event, serialize(event)), cls=Encoder)
        yield text if first else "," + text
        first = False
    yield "]}\n"
