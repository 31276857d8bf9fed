"""Each event's card (templates/events/_event_item.html) as the list of events, the home
page and an organization's page show it: written once for each change of the event and
kept in the shared cache (events.caching.kept_parts) for the reader's language and time
zone, the zone chosen with tz= and whether the date is shown. A page of fifty events then
renders its frame and reads fifty cards, instead of rendering each."""

from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

from events.caching import kept_parts, part_shape

CARD = "events/_event_item.html"


def with_cards(request, events, *, show_date=False, chosen_zone=""):
    """The events (instances, with_related()) as a list, each with its `card`. Not kept
    for a distance from the point asked for: that is the request's, not the event's."""
    events = list(events)
    shaped_by = None
    if not any(hasattr(event, "distance_km") for event in events):
        shaped_by = part_shape("card", request)
    if shaped_by is not None:
        zone = timezone.get_current_timezone_name()
        shaped_by = (*shaped_by, zone, show_date, chosen_zone)
    template = get_template(CARD)
    by_pk = {event.pk: event for event in events}

    def write(pks):
        for pk in pks:
            context = {"event": by_pk[pk], "show_date": show_date, "chosen_zone": chosen_zone}
            yield pk, template.render(context)

    rows = [(event.pk, event.updated_at.isoformat()) for event in events]
    for event, card in zip(events, kept_parts(rows, shaped_by, write), strict=True):
        # Written here from this site's own template, its values escaped.
        event.card = mark_safe(card)  # noqa: S308
    return events
