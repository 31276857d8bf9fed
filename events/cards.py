"""Each event's card (templates/events/_event_item.html) as the list of events, the home
page and an organization's page show it, and its entry in the calendar: written once for
each change of the event and kept in the shared cache (events.caching.kept_parts) for the
reader's language and time zone, the zone chosen with tz= and whether the date is shown.
A page of fifty events then reads fifty rows of three columns and their cards, and reads
and renders only the events whose cards are not kept, instead of reading and rendering
each."""

import hashlib
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from events.caching import code_fingerprint, kept_parts, part_shape, stamped

CARD = "events/_event_item.html"
CALENDAR_ENTRY = "events/_calendar_entry.html"
CALENDAR_TABLE = "events/_calendar_table.html"


class Card(NamedTuple):
    """An event as a page of cards shows it: its card, under the day it is grouped by."""

    pk: int
    shown_date: object
    card: str


def card_rows(events):
    """What a page of cards reads of each event of `events` (with its days, as
    in_day_order() gives them), in its order: slice it for a page, or paginate it."""
    return stamped(events, "shown_date")


def with_cards(request, events, rows=None, *, show_date=False, chosen_zone=""):
    """The Cards of `rows` (a slice or page of card_rows(events); all of them by default);
    only the events whose cards are not kept are read (from `events`, which gives them
    what they show: with_related()). Not kept for a distance from the point asked for:
    that is the request's, not the event's."""
    rows = list(card_rows(events) if rows is None else rows)
    template = get_template(CARD)

    def write(pks):
        for event in events.filter(pk__in=pks):
            context = {"event": event, "show_date": show_date, "chosen_zone": chosen_zone}
            yield event.pk, template.render(context)

    by_point = "distance_km" in events.query.annotations
    days = {pk: day for pk, _stamp, day in rows}
    cards = kept_html(
        request,
        None if by_point else "card",
        [(pk, stamp) for pk, stamp, _day in rows],
        write,
        show_date,
        chosen_zone,
    )
    return [Card(pk, days[pk], card) for pk, card in cards]


def with_calendar_entries(request, events, *, chosen_zone=""):
    """The calendar's `events` (instances, with their translations), each given its
    `entry` (templates/events/_calendar_entry.html: its time, title and address), kept
    as cards are."""
    template = get_template(CALENDAR_ENTRY)
    by_pk = {event.pk: event for event in events}

    def write(pks):
        for pk in pks:
            context = {"event": by_pk[pk], "chosen_zone": chosen_zone}
            yield pk, template.render(context)

    rows = [(event.pk, event.updated_at.isoformat()) for event in events]
    for pk, entry in kept_html(request, "calendar-entry", rows, write, chosen_zone):
        by_pk[pk].entry = entry
    return events


def month_table(month):
    """The calendar's table of `month` (templates/events/_calendar_table.html), its days'
    entries given (with_calendar_entries), kept in the shared cache under all that it
    shows: the language, the code and templates deployed, the month, its weekdays, and for
    each day its date, its entries as written, how many more it holds and its link to the
    list. The month of the same events, asked again after a change elsewhere, is read
    instead of rendered (its forty-odd days cost most of the page's template)."""
    days = [
        (day.date, day.in_month, bool(day.events), [e.entry for e in day.shown], day.more)
        for week in month.weeks
        for day in week
    ]
    links = [getattr(day, "list_query", "") for week in month.weeks for day in week]
    weekdays = [(str(name), str(abbreviation)) for name, abbreviation in month.weekdays]
    shown = repr((get_language(), code_fingerprint(), month.first, weekdays, days, links))
    key = f"part:calendar-table:{hashlib.sha256(shown.encode()).hexdigest()}"
    table = cache.get(key) if settings.FEED_FRAGMENT_SECONDS else None
    if table is None:
        table = render_to_string(CALENDAR_TABLE, {"month": month})
        if settings.FEED_FRAGMENT_SECONDS:
            cache.set(key, table, settings.FEED_FRAGMENT_SECONDS)
    return mark_safe(table)  # noqa: S308 - written by this site's own template, escaped


def kept_html(request, kind, rows, write, *shaped_by):
    """The (pk, HTML) of the events of `rows` as kept_parts() gives them, kept under
    part_shape(kind), the reader's time zone and `shaped_by`; none kept for no kind."""
    shape = None if kind is None else part_shape(kind, request)
    if shape is not None:
        shape = (*shape, timezone.get_current_timezone_name(), *shaped_by)
    # Written by this site's own templates, their values escaped.
    return [(pk, mark_safe(html)) for pk, html in kept_parts(rows, shape, write)]  # noqa: S308
