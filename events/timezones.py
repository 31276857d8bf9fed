"""Which IANA time zone a country lives in, for the default of the event form.

zoneinfo knows zones but not countries; the IANA database's own zone.tab (shipped by
the tzdata package) lists each country's zones. For a country with several zones its
first line is not always the one most people live in, so a few are named here.
"""

from collections import defaultdict
from functools import lru_cache
from importlib import resources

from events.models import available_timezones

FALLBACK = "UTC"

# The zone of the capital or of most people, where zone.tab's first line is another.
MAIN_ZONE = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
}


@lru_cache(maxsize=1)
def zones_by_country():
    """{"FR": ["Europe/Paris"], "US": ["America/New_York", …], …} from zone.tab."""
    zones = defaultdict(list)
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        country, _coordinates, zone, *_comment = line.split("\t")
        zones[country].append(zone)
    return dict(zones)


def country_timezone(country):
    """The main IANA zone of an ISO 3166 alpha-2 country code; UTC when unknown."""
    code = str(country or "").upper()
    zone = MAIN_ZONE.get(code) or next(iter(zones_by_country().get(code, [])), FALLBACK)
    return zone if zone in available_timezones() else FALLBACK


@lru_cache(maxsize=1)
def timezone_choices():
    """Every known zone, grouped by region (Africa, America, …) for a <select>."""
    groups = defaultdict(list)
    for zone in sorted(available_timezones()):
        region, _, place = zone.partition("/")
        if not place or region in {"Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"}:
            continue
        groups[region].append((zone, zone.replace("_", " ")))
    return [("UTC", "UTC"), *sorted(groups.items())]


@lru_cache(maxsize=1)
def listed_timezones():
    """The zones timezone_choices() offers, out of their groups."""
    zones = set()
    for value, label in timezone_choices():
        zones.update([value] if isinstance(label, str) else [zone for zone, _ in label])
    return frozenset(zones)
