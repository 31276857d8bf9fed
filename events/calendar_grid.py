"""The month grid of the calendar page: weeks of days, each with its events."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, F, Func, Subquery, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from events.models import Event, translations_prefetch

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


def first_events_of_each_day(events, first, last, per_day=EVENTS_SHOWN_PER_DAY, zone=None):
    """The first `per_day` events of each day from `first` to `last` (in `zone`, else each
    in its own), in day order, each with `day_total`, the number of events that day holds,
    and its live translations.

    On PostgreSQL, one query: each day's first events read through the index in day
    order (a UNION ALL of one LIMIT a day), each day with its count; its cost follows the
    days shown, not the events of the month, which a million events put at 76,000 to
    sort. Elsewhere (SQLite, which allows no LIMIT within a UNION), one query
    with window functions."""
    events = events.on_days(first, last, zone=zone).with_days_in(zone).order_by()
    order = Event.day_order(zone)
    if not connections[events.db].features.supports_slicing_ordering_in_compound:
        by_day = [F("shown_date")]
        ranked = events.annotate(
            day_rank=Window(RowNumber(), partition_by=by_day, order_by=[F(n) for n in order[-2:]]),
            day_total=Window(Count("pk"), partition_by=by_day),
        )
        return list(ranked.filter(day_rank__lte=per_day).with_translations().order_by(*order))
    of_each_day = []
    for n in range((last - first).days + 1):
        day = first + datetime.timedelta(days=n)
        that_day = events.on_days(day, day, zone=zone)
        # The day's count: a subquery that names no row of the outer one, computed once.
        total = Subquery(that_day.values_list(Func("pk", function="COUNT")))
        of_each_day.append(that_day.annotate(day_total=total).order_by(*order)[:per_day])
    shown = list(of_each_day[0].union(*of_each_day[1:], all=True).order_by(*order))
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
