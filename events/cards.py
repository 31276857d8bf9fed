"""Each event's card (templates/events/_event_item.html) as the list of events, the home
page and an organization's page show it: written once for each change of the event and
kept in the shared cache (events.caching.kept_parts) for the reader's language and time
zone, the zone chosen with tz= and whether the date is shown. A page of fifty events then
reads fifty rows of three columns and their cards, and reads and renders only the events
whose cards are not kept, instead of reading and rendering each."""

from typing import NamedTuple

from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

from events.caching import kept_parts, part_shape, stamped

CARD = "events/_event_item.html"


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
    shaped_by = None
    if "distance_km" not in events.query.annotations:
        shaped_by = part_shape("card", request)
    if shaped_by is not None:
        zone = timezone.get_current_timezone_name()
        shaped_by = (*shaped_by, zone, show_date, chosen_zone)
    template = get_template(CARD)

    def write(pks):
        for event in events.filter(pk__in=pks):
            context = {"event": event, "show_date": show_date, "chosen_zone": chosen_zone}
            yield event.pk, template.render(context)

    days = {pk: day for pk, _stamp, day in rows}
    cards = kept_parts([(pk, stamp) for pk, stamp, _day in rows], shaped_by, write)
    # Written here from this site's own template, its values escaped.
    return [Card(pk, days[pk], mark_safe(card)) for pk, card in cards]  # noqa: S308
