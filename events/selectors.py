"""Reads for the public pages, each starting from Event.objects.public()."""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connections
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from events.caching import derived
from events.models import CoOrganizer, Event
from organizations.models import Organization


def list_start(commemoration, today):
    """The first local day the list shows when no dates are asked for.

    While a commemoration runs (or before it starts) the list opens on what is coming;
    once its window has passed, on its events from the start of the window, as an archive.
    Returns (day, is_archive).
    """
    if commemoration is None or today <= commemoration.ends_on:
        return today, False
    return commemoration.starts_on, True


# Among public events, those the figures count as held: every one not cancelled.
HELD = ~Q(status=Event.Status.CANCELLED)


def held_events(commemoration):
    """What the figures count: the commemoration's public events that are not cancelled.

    The home page's key figures and /figures/ both start from here."""
    return Event.objects.public().filter(commemoration=commemoration).filter(HELD)


@dataclass(frozen=True)
class EventCount:
    """A number of public events and how many of them are cancelled: what every count of
    events on the public pages says ("45 events, 5 of them cancelled"), made by
    count_events() or public_event_counts(). Cancelled events stay public, so they are
    counted, and said apart; `held` is the number the key figures show."""

    total: int = 0
    cancelled: int = 0
    # A search for common words (Event.objects.search) counts its first matches only:
    # True when there are more than `total`.
    more: bool = False

    @property
    def held(self):
        return self.total - self.cancelled

    def __str__(self):
        total = {"counter": intcomma(self.total)}
        if self.more:
            return (
                _(
                    "More than %(counter)s events match: the first %(counter)s are listed. "
                    "Add a word or a filter to find fewer."
                )
                % total
            )
        if not self.cancelled:
            return ngettext("%(counter)s event", "%(counter)s events", self.total) % total
        if self.cancelled == self.total:
            return (
                ngettext(
                    "%(counter)s event, cancelled",
                    "%(counter)s events, all of them cancelled",
                    self.total,
                )
                % total
            )
        return pgettext(
            "a number of events, then how many of them are cancelled", "%(events)s, %(cancelled)s"
        ) % {
            "events": ngettext("%(counter)s event", "%(counter)s events", self.total) % total,
            "cancelled": ngettext(
                "%(counter)s of them cancelled", "%(counter)s of them cancelled", self.cancelled
            )
            % {"counter": intcomma(self.cancelled)},
        }


def count_events(events, **more):
    """(EventCount of `events`, {name: value of each aggregate in `more`}), in one query.

    `events` is a queryset starting from Event.objects.public(); the aggregates of `more`
    ride on the same query (the key figures' countries and anchor day). A search for
    common words is counted up to its count_limit, as its count() is."""
    limit = events.count_limit
    events = events.order_by() if limit is None else events.order_by()[: limit + 1]
    values = events.aggregate(total=Count("pk"), cancelled=Count("pk", filter=~HELD), **more)
    total, cancelled = values.pop("total"), values.pop("cancelled")
    if limit is not None and total > limit:
        return EventCount(total=limit, more=True), values
    return EventCount(total=total, cancelled=cancelled), values


def key_figures(commemoration):
    """Counts of the commemoration's held events (held_events), in two queries."""
    held = held_events(commemoration)
    # One query over the public events: the held ones (HELD) counted, the cancelled told apart.
    counted, figures = count_events(
        Event.objects.public().filter(commemoration=commemoration),
        countries=Count("country", distinct=True, filter=HELD & ~Q(country="")),
        on_anchor_day=Count("pk", filter=HELD & Q(local_date=commemoration.anchor_date)),
    )
    figures["events"] = counted.held
    figures["cancelled"] = counted.cancelled
    co_organizing = CoOrganizer.objects.accepted().filter(event__in=held)
    figures["organizations"] = (
        Organization.objects.filter(
            Q(events__in=held) | Q(pk__in=co_organizing.values("organization_id"))
        )
        .distinct()
        .count()
    )
    return figures


def public_event_counts():
    """{organization id: EventCount of the public events it hosts or co-organizes}, in two
    queries."""
    public = Event.objects.public()
    totals, cancelled = {}, {}
    hosted = (
        public.order_by()
        .values("organization_id")
        .annotate(n=Count("pk"), cancelled=Count("pk", filter=~HELD))
    )
    co_organized = (
        CoOrganizer.objects.accepted()
        .filter(event__in=public)
        .order_by()
        .values("organization_id")
        .annotate(
            n=Count("event_id"),
            cancelled=Count("event_id", filter=Q(event__status=Event.Status.CANCELLED)),
        )
    )
    for row in [*hosted, *co_organized]:
        pk = row["organization_id"]
        totals[pk] = totals.get(pk, 0) + row["n"]
        cancelled[pk] = cancelled.get(pk, 0) + row["cancelled"]
    return {pk: EventCount(total=totals[pk], cancelled=cancelled[pk]) for pk in totals}


# Each distinct value of an indexed column among the public events, on PostgreSQL: one
# probe of the index per value (a "skip scan", which PostgreSQL does not do by itself),
# where DISTINCT reads every event (2.2 s for both menus at a million events).
DISTINCT_BY_INDEX = """
WITH RECURSIVE found(value) AS (
    (SELECT {column} FROM {table} WHERE status = ANY(%(public)s)
     ORDER BY {column} LIMIT 1)
    UNION ALL
    SELECT (SELECT e.{column} FROM {table} e
            WHERE e.status = ANY(%(public)s) AND e.{column} > found.value
            ORDER BY e.{column} LIMIT 1)
    FROM found WHERE found.value IS NOT NULL
)
SELECT value FROM found WHERE value IS NOT NULL
"""


def public_distinct(column):
    """The distinct values of an indexed column (country, languages) of public events."""
    events = Event.objects.public()
    connection = connections[events.db]
    if connection.vendor != "postgresql":
        return list(events.order_by().values_list(column, flat=True).distinct())
    with connection.cursor() as cursor:
        field = Event._meta.get_field(column)
        sql = DISTINCT_BY_INDEX.format(
            table=connection.ops.quote_name(Event._meta.db_table),
            column=connection.ops.quote_name(field.column),
        )
        cursor.execute(sql, {"public": list(Event.PUBLIC_STATUSES)})
        rows = cursor.fetchall()
    # As the ORM would give them: a JSON column's arrays decoded.
    convert = getattr(field, "from_db_value", None)
    return [convert(value, None, connection) if convert else value for (value,) in rows]


def countries_in_use():
    """Codes of the countries that have public events, for a short drop-down: read once per
    change of the data, not once per request (events.caching.derived), through the index."""
    return derived("countries-in-use", lambda: set(public_distinct("country")))


def languages_in_use():
    """Codes of the languages spoken at public events, for a short drop-down; as above."""

    def build():
        return {code for codes in public_distinct("languages") for code in codes}

    return derived("languages-in-use", build)


def other_series_dates(event):
    """The other public dates of the event's series, by start (none outside a series)."""
    if event.series_id is None:
        return Event.objects.none()
    return (
        Event.objects.public()
        .filter(series_id=event.series_id)
        .exclude(pk=event.pk)
        .only("pk", "slug", "title", "status", "starts_at", "ends_at", "timezone", "local_date")
        .order_by("starts_at", "pk")
    )
