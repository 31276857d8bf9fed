"""The month grid of the calendar page: weeks of days, each with its events."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from events.models import Event, translations_prefetch
from events.public_filters import day_query

# The years a calendar page may show; outside them the page is 404, not an overflow.
MIN_YEAR, MAX_YEAR = 1900, 2200
EVENTS_SHOWN_PER_DAY = 3


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    # The first events of the day (at most EVENTS_SHOWN_PER_DAY when read through
    # first_events_of_each_day), and how many the day holds in all.
    events: list = field(default_factory=list)
    total: int | None = None

    @property
    def shown(self):
        return self.events[:EVENTS_SHOWN_PER_DAY]

    @property
    def more(self):
        total = len(self.events) if self.total is None else self.total
        return max(0, total - EVENTS_SHOWN_PER_DAY)


# Above this many events in the month, each day's first events are read day by day
# through the index rather than ranked by one window over the whole month: the window's
# sort grows with the events (180 ms for 76,000), the days' queries with the days (some
# 25 ms of building them, whatever the events).
RANK_BY_DAY_ABOVE = 20_000


def first_events_of_each_day(events, first, last, per_day=EVENTS_SHOWN_PER_DAY, zone=None):
    """The first `per_day` events of each day from `first` to `last` (in `zone`, else each
    in its own), in day order, each with `day_total`, the number of events that day holds,
    and its live translations.

    Two queries, then one for the translations: the days' totals (a GROUP BY, served by
    the index on the day), then the events, ranked within each day by a window over the
    month, or, for a month of more than RANK_BY_DAY_ABOVE events on PostgreSQL, a UNION ALL
    of one indexed LIMIT for each day that has events (SQLite allows no LIMIT within a
    UNION)."""
    events = events.on_days(first, last, zone=zone).with_days_in(zone).order_by()
    totals = dict(events.values_list("shown_date").annotate(total=Count("pk")))
    order = Event.day_order(zone)
    by_union = connections[events.db].features.supports_slicing_ordering_in_compound
    if not totals:
        shown = []
    elif by_union and sum(totals.values()) > RANK_BY_DAY_ABOVE:
        of_each_day = [
            events.on_days(day, day, zone=zone).order_by(*order)[:per_day] for day in totals
        ]
        shown = list(of_each_day[0].union(*of_each_day[1:], all=True).order_by(*order))
    else:
        rank = Window(
            RowNumber(), partition_by=[F("shown_date")], order_by=[F(n) for n in order[-2:]]
        )
        shown = list(events.annotate(day_rank=rank).filter(day_rank__lte=per_day).order_by(*order))
    for event in shown:
        event.day_total = totals[event.shown_date]
    prefetch_related_objects(shown, translations_prefetch())
    return shown


@dataclass
class Month:
    first: datetime.date
    weekdays: list  # (full name, abbreviation), in the order of the columns
    weeks: list  # lists of seven Days
    # The first and last months the navigation leads to: the commemoration's window.
    earliest: datetime.date = datetime.date(MIN_YEAR, 1, 1)
    latest: datetime.date = datetime.date(MAX_YEAR, 12, 1)

    @property
    def last(self):
        return last_of_month(self.first)

    @property
    def previous(self):
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self):
        return self.last + datetime.timedelta(days=1)

    def link_days_to_the_list(self, query, *without):
        """Each day's `list_query`: the list's query string for that day, with the filters
        of `query` (less the parameters named in `without`), for its "N more" link."""
        for week in self.weeks:
            for day in week:
                day.list_query = day_query(query, day.date, *without)

    @property
    def has_events(self):
        return any(day.events for week in self.weeks for day in week)

    @property
    def has_previous(self):
        return self.previous >= self.earliest

    @property
    def has_next(self):
        return self.next <= self.latest


# How far from the commemoration's window a month may still be asked for by its address;
# beyond, the calendar answers 404 unless the month holds public events.
WINDOW_MARGIN_DAYS = 366


def window_months(commemoration):
    """(first, last) month the calendar's navigation reaches: those of the window."""
    return commemoration.starts_on.replace(day=1), commemoration.ends_on.replace(day=1)


def far_outside(commemoration, first):
    """Whether the month of `first` lies more than a year before or after the window."""
    margin = datetime.timedelta(days=WINDOW_MARGIN_DAYS)
    return (
        last_of_month(first) < commemoration.starts_on - margin
        or first > commemoration.ends_on + margin
    )


def first_of_month(year, month):
    """The month's first day, or None when there is no such month to show."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def last_of_month(first):
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def month_grid(first, events, first_day_of_week, bounds=None):
    """The weeks of the month of `first`, with `events` placed on their `shown_date`
    (Event.with_days_in), else on their local dates.

    first_day_of_week follows Django's FIRST_DAY_OF_WEEK format: 0 is Sunday, 1 Monday.
    """
    weeks_of = calendar.Calendar(firstweekday=(first_day_of_week - 1) % 7)
    by_date, totals = {}, {}
    for event in events:
        day = getattr(event, "shown_date", event.local_date)
        by_date.setdefault(day, []).append(event)
        if hasattr(event, "day_total"):
            totals[day] = event.day_total
    weeks = [
        [
            Day(
                day,
                day.month == first.month,
                by_date.get(day, []) if day.month == first.month else [],
                totals.get(day),
            )
            for day in week
        ]
        for week in weeks_of.monthdatescalendar(first.year, first.month)
    ]
    weekdays = [(WEEKDAYS[day], WEEKDAYS_ABBR[day]) for day in weeks_of.iterweekdays()]
    month = Month(first=first, weekdays=weekdays, weeks=weeks)
    if bounds is not None:
        month.earliest, month.latest = bounds
    return month
