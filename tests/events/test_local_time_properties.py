"""Local time ↔ UTC, for any wall-clock time in any zone: events.timezones.wall_clock_to_utc
and Event.local_starts_at (events.models.in_zone) agree, or the time is refused clearly.

Hypothesis draws times over the whole calendar and, more often, around the moments when a
zone's clocks change, where a time is skipped or happens twice.
"""

import datetime
import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from events.models import available_timezones, in_zone
from events.timezones import wall_clock_to_utc

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None)
UTC = datetime.UTC
ZONES = sorted(available_timezones())
# Zones whose clocks change by an hour, half an hour, or across the date line.
CHANGING_ZONES = [
    "Europe/Paris",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Tehran",
    "Pacific/Apia",
    "Africa/Casablanca",
]
WALL_TIMES = st.datetimes(datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 23, 59))


@lru_cache(maxsize=64)
def clock_changes(zone, year):
    """The UTC instants in `year` at which `zone`'s offset changes (found hour by hour)."""
    tz = zoneinfo.ZoneInfo(zone)
    moment = datetime.datetime(year, 1, 1, tzinfo=UTC)
    changes, offset = [], moment.astimezone(tz).utcoffset()
    while moment.year == year:
        moment += datetime.timedelta(hours=1)
        new = moment.astimezone(tz).utcoffset()
        if new != offset:
            changes.append(moment)
            offset = new
    return tuple(changes)


@st.composite
def near_a_clock_change(draw):
    """(wall-clock time within 90 minutes of a change of `zone`'s clocks, zone)."""
    zone = draw(st.sampled_from(CHANGING_ZONES))
    year = draw(st.integers(1980, 2037))
    changes = clock_changes(zone, year)
    if not changes:
        return draw(WALL_TIMES), zone
    change = draw(st.sampled_from(changes))
    wall = change.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
    return wall + datetime.timedelta(minutes=draw(st.integers(-90, 90))), zone


ANYWHERE = st.tuples(WALL_TIMES, st.sampled_from(ZONES))


def _readings(wall, zone):
    """Every UTC instant at which clocks in `zone` show `wall`."""
    tz = zoneinfo.ZoneInfo(zone)
    found = set()
    for fold in (0, 1):
        try:
            moment = wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
            if moment.astimezone(tz).replace(tzinfo=None) == wall:
                found.add(moment)
        except (OverflowError, ValueError):
            pass
    return found


@PROPERTY_SETTINGS
@given(case=st.one_of(ANYWHERE, near_a_clock_change()))
def test_a_wall_clock_time_is_its_first_utc_reading_or_refused(case):
    wall, zone = case
    readings = _readings(wall, zone)

    try:
        moment = wall_clock_to_utc(wall, zone)
    except ValidationError as error:
        # Refused only when clocks never show it, or it has no UTC instant a date can hold.
        assert error.code in {"skipped_time", "out_of_range"}
        assert error.code != "skipped_time" or not readings, (wall, zone)
        assert str(zone) in error.messages[0]
        return
    assert moment.utcoffset() == datetime.timedelta(0)
    assert moment in readings
    # When clocks show it twice, the first (summer time) is meant.
    assert moment == min(readings)
    # And the event page shows it back as it was entered.
    assert in_zone(moment, zoneinfo.ZoneInfo(zone)).replace(tzinfo=None) == wall


@PROPERTY_SETTINGS
@given(
    moment=st.datetimes(
        datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 23, 59), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
)
def test_any_instant_is_shown_in_any_zone_without_error_and_stays_the_same_instant(moment, zone):
    shown = in_zone(moment, zoneinfo.ZoneInfo(zone))

    assert shown == moment
    assert shown.utcoffset() is not None
