"""Time zones: which one a country lives in, and wall-clock time to UTC.

Which IANA time zone a country lives in gives the default of the event form.

zoneinfo knows zones but not countries; the IANA database's own zone.tab (shipped by
the tzdata package) lists each country's zones. For a country with several zones its
first line is not always the one most people live in, so a few are named here.
"""

import datetime
import zoneinfo
from collections import defaultdict
from functools import lru_cache
from importlib import resources

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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


# The zones most of the commemoration's people live in, offered first in every menu of
# zones; the rest follow by region.
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
    "America/Havana",
    "America/Bogota",
    "America/Caracas",
    "America/Guayaquil",
    "America/Lima",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Africa/Cairo",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Tehran",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Ho_Chi_Minh",
    "Asia/Jakarta",
    "Asia/Shanghai",
    "Asia/Manila",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Sydney",
)
# Regions of zone names that are aliases of others (US/Eastern, Brazil/East, Etc/GMT-3).
ALIAS_REGIONS = frozenset({"Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"})


@lru_cache(maxsize=1)
def canonical_timezones():
    """UTC and the zones zone.tab names: no deprecated alias (Africa/Asmera, Europe/Kiev)."""
    zones = {zone for zones in zones_by_country().values() for zone in zones}
    return frozenset(
        zone
        for zone in (zones | {"UTC"}) & available_timezones()
        if zone.partition("/")[0] not in ALIAS_REGIONS
    )


@lru_cache(maxsize=1)
def _canonical_by_lowercase():
    return {zone.lower(): zone for zone in canonical_timezones()}


def canonical_timezone(name):
    """The canonical zone a visitor's `name` means ("america/new_york" too), or None."""
    return _canonical_by_lowercase().get(str(name).strip().lower())


def zone_label(zone, now=None):
    """A zone as a person reads it, with its offset now: "America/New York (UTC-05:00)"."""
    if zone == "UTC":
        return zone
    moment = (now or datetime.datetime.now(datetime.UTC)).astimezone(zoneinfo.ZoneInfo(zone))
    offset = moment.isoformat()[-6:]
    return f"{zone.replace('_', ' ')} (UTC{offset})"


@lru_cache(maxsize=1)
def _zones_by_region():
    groups = defaultdict(list)
    for zone in sorted(canonical_timezones() - {"UTC"}):
        region, _, place = zone.partition("/")
        if place:
            groups[region].append(zone)
    return sorted(groups.items())


def timezone_choices(quarter=None):
    """The zones for a <select>: the common ones first, then every canonical zone grouped
    by region (Africa, America, …), each labelled with its offset today.

    Made once per quarter of an hour (every change of offset falls on one; the group's
    name is lazy, so one list serves every language): the labels of some 450 zones are on
    every list and calendar page."""
    return _timezone_choices_at(quarter or this_quarter_hour())


def this_quarter_hour():
    """The quarter of an hour now (UTC) begins at: what the zones' labels are made for."""
    now = datetime.datetime.now(datetime.UTC)
    return now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)


@lru_cache(maxsize=16)
def _timezone_choices_at(now):
    return [
        (_("Common zones"), [(zone, zone_label(zone, now)) for zone in COMMON_ZONES]),
        *(
            (region, [(zone, zone_label(zone, now)) for zone in zones])
            for region, zones in _zones_by_region()
        ),
    ]


def listed_timezones():
    """The zones timezone_choices() offers, out of their groups."""
    return canonical_timezones()


def wall_clock_to_utc(wall, zone):
    """The aware UTC instant at which clocks in `zone` show the naive datetime `wall`.

    The one conversion of a local date and time that every door (the member form, the
    API, the admin) uses. When clocks go back an hour a time happens twice: the first of
    the two is meant (summer time), as a person writing "01:30" on that night usually
    means the earlier one. A time the clocks skip (summer time begins), or one whose UTC
    instant falls outside years 1 to 9999, is refused with a ValidationError naming the
    zone; `code` tells which ("skipped_time", "out_of_range").
    """
    tz = zoneinfo.ZoneInfo(zone)
    aware = wall.replace(tzinfo=tz, fold=0)
    try:
        moment = aware.astimezone(datetime.UTC)
        round_trip = moment.astimezone(tz).replace(tzinfo=None)
    except (OverflowError, ValueError):
        raise ValidationError(
            _(
                "This date and time cannot be shown in %(zone)s: choose a date between the "
                "years 1 and 9999."
            ),
            params={"zone": zone},
            code="out_of_range",
        ) from None
    if round_trip != wall.replace(tzinfo=None, fold=0):
        raise ValidationError(
            _("Clocks skip this time in %(zone)s (summer time begins); choose another."),
            params={"zone": zone},
            code="skipped_time",
        )
    return moment


class TimezoneField(forms.ChoiceField):
    """A <select> of the zones people know, accepting any zone the database knows."""

    def valid_value(self, value):
        return value in available_timezones()
