"""Showing an event's times as clocks show them at its place."""

import datetime
import zoneinfo

from django import template

from events.models import in_zone

register = template.Library()


class _AsShown(datetime.datetime):
    # Django's templates convert an aware datetime to the active zone unless it says no,
    # as Django's own `timezone` filter makes its results say.
    convert_to_local_time = False


@register.filter
def wall_clock(moment):
    """A time already in the event's zone (Event.local_starts_at), shown as it is.

    `{% timezone event.timezone %}` would convert it again, and past the calendar's ends
    (9999-12-31T23:00Z in Tokyo) no datetime holds the result: Event.in_zone's answer,
    in UTC there, is shown instead of a server error.
    """
    if not isinstance(moment, datetime.datetime):
        return moment
    return _AsShown(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        moment.tzinfo,
        fold=moment.fold,
    )


@register.filter
def start_in(event, zone=""):
    """The event's start as clocks show it in `zone` (the name chosen with tz=), or at its
    place when no zone is given."""
    if not zone:
        return wall_clock(event.local_starts_at)
    return wall_clock(in_zone(event.starts_at, zoneinfo.ZoneInfo(zone)))
