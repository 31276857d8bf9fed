"""Distance in the database: a bounding box over the (latitude, longitude) index, then the
exact great-circle distance, as one ORM expression that PostgreSQL and SQLite both run
(Django's SQLite backend registers ACOS, COS, SIN and RADIANS)."""

import math
from decimal import Decimal

from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ACos, Cast, Cos, Greatest, Least, Radians, Sin

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
MAX_RADIUS_KM = 20_000  # about half the Earth's circumference: anywhere from anywhere


def _d(value):
    return Decimal(str(round(value, 6)))


def bounding_box(latitude, longitude, radius_km):
    """A Q on latitude/longitude holding every point within radius_km (and a few more).

    Near a pole the box covers every longitude; across the antimeridian it is two ranges.
    """
    delta_lat = radius_km / KM_PER_DEGREE
    south, north = latitude - delta_lat, latitude + delta_lat
    box = Q(latitude__gte=_d(max(south, -90)), latitude__lte=_d(min(north, 90)))
    if south <= -90 or north >= 90:
        return box & Q(longitude__isnull=False)
    delta_lon = math.degrees(
        math.asin(
            min(1.0, math.sin(radius_km / EARTH_RADIUS_KM) / math.cos(math.radians(latitude)))
        )
    )
    west, east = longitude - delta_lon, longitude + delta_lon
    if delta_lon >= 180 or east - west >= 360:
        return box & Q(longitude__isnull=False)
    if west < -180:
        return box & (Q(longitude__gte=_d(west + 360)) | Q(longitude__lte=_d(east)))
    if east > 180:
        return box & (Q(longitude__gte=_d(west)) | Q(longitude__lte=_d(east - 360)))
    return box & Q(longitude__gte=_d(west), longitude__lte=_d(east))


def distance_expression(latitude, longitude):
    """Kilometres from the point to each row's coordinates (spherical law of cosines)."""
    lat = Radians(Cast(F("latitude"), FloatField()))
    lon = Radians(Cast(F("longitude"), FloatField()))
    here_lat = math.radians(latitude)
    cosine = Value(math.sin(here_lat)) * Sin(lat) + Value(math.cos(here_lat)) * Cos(lat) * Cos(
        lon - Value(math.radians(longitude))
    )
    # Rounding may carry the cosine just past ±1, where ACOS has no value.
    clamped = Least(Greatest(cosine, Value(-1.0)), Value(1.0))
    return ACos(clamped, output_field=FloatField()) * Value(EARTH_RADIUS_KM)


def within(queryset, latitude, longitude, radius_km):
    """The rows within radius_km, annotated with distance_km."""
    return (
        queryset.filter(bounding_box(latitude, longitude, radius_km))
        .annotate(distance_km=distance_expression(latitude, longitude))
        .filter(distance_km__lte=radius_km)
    )
