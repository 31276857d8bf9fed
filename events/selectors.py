"""Reads for the public pages, each starting from Event.objects.public()."""

from django.db.models import Count, Q

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


def key_figures(commemoration):
    """Counts of the commemoration's held events (held_events), in two queries."""
    held = held_events(commemoration)
    # One query over the public events: the held ones (HELD) counted, the cancelled told apart.
    public = Event.objects.public().filter(commemoration=commemoration)
    figures = public.order_by().aggregate(
        events=Count("pk", filter=HELD),
        cancelled=Count("pk", filter=~HELD),
        countries=Count("country", distinct=True, filter=HELD & ~Q(country="")),
        on_anchor_day=Count("pk", filter=HELD & Q(local_date=commemoration.anchor_date)),
    )
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
    """{organization id: number of public events it hosts or co-organizes}, in two queries."""
    public = Event.objects.public()
    counts = {}
    hosted = public.order_by().values("organization_id").annotate(n=Count("pk"))
    co_organized = (
        CoOrganizer.objects.accepted()
        .filter(event__in=public)
        .order_by()
        .values("organization_id")
        .annotate(n=Count("event_id"))
    )
    for row in [*hosted, *co_organized]:
        counts[row["organization_id"]] = counts.get(row["organization_id"], 0) + row["n"]
    return counts


def countries_in_use():
    """Codes of the countries that have public events, for a short drop-down: one DISTINCT
    over the events per change of the data, not one per request (events.caching.derived)."""

    def build():
        return set(Event.objects.public().order_by().values_list("country", flat=True).distinct())

    return derived("countries-in-use", build)


def languages_in_use():
    """Codes of the languages spoken at public events, for a short drop-down; as above."""

    def build():
        lists = Event.objects.public().order_by().values_list("languages", flat=True).distinct()
        return {code for codes in lists for code in codes}

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
