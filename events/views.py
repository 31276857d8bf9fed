"""Public event pages: the list, the calendar, an event, and the iCalendar feeds."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone

from commemoration.selectors import current_commemoration
from events import feeds, geojson, selectors, sharing
from events.caching import public_page
from events.calendar_grid import (
    far_outside,
    first_events_of_each_day,
    first_of_month,
    last_of_month,
    month_grid,
    window_months,
)
from events.cards import card_rows, month_table, with_calendar_entries, with_cards
from events.models import Event
from events.public_filters import (
    DATE_PARAMETERS,
    FORM_FIELDS,
    active_filters,
    filters_are_valid,
    hidden_parameters,
    page_event_filter,
    public_event_filter,
    query_without,
)
from events.selectors import list_start

EVENTS_PER_PAGE = 50
# The month is the calendar's date range; dates given in the query string still apply.
CALENDAR_EVENT_FIELDS = (
    "pk",
    "slug",
    "title",
    "languages",
    "starts_at",
    "timezone",
    "local_date",
    "local_time",
    "status",
    "updated_at",
)
CALENDAR_FORM_FIELDS = tuple(name for name in FORM_FIELDS if name not in DATE_PARAMETERS)


def _filter_context(filterset, query, fields=FORM_FIELDS):
    zone = filterset.chosen_zone()
    return {
        # The zone chosen with tz= (its name), in which the page shows days and times.
        "chosen_zone": zone.key if zone else "",
        "filterset": filterset,
        "form": filterset.form,
        "filter_fields": [filterset.form[name] for name in fields],
        "filters_valid": filters_are_valid(filterset),
        "active_filters": active_filters(filterset, query),
        "hidden_parameters": hidden_parameters(query, fields),
        "query": query_without(query),
    }


@public_page
def event_list(request):
    query = request.GET
    filterset = page_event_filter(query)
    commemoration = current_commemoration(request)
    start, is_archive, by_distance = None, False, False
    if not filters_are_valid(filterset):
        events = Event.objects.none().in_day_order()
    else:
        # Grouped by day on the page (each event's own, or in the zone chosen with tz=):
        # events in far-apart zones must not split a day.
        zone = filterset.chosen_zone()
        events = filterset.qs.with_related().in_day_order(zone=zone)
        if "distance_km" in events.query.annotations and query.get("sort") == "distance":
            events = events.order_by("distance_km", *Event.day_order(zone))
            by_distance = True
        if not any(query.get(name, "").strip() for name in DATE_PARAMETERS):
            today = timezone.localdate(timezone=zone) if zone else timezone.localdate()
            start, is_archive = list_start(commemoration, today)
            events = events.on_days(start, zone=zone)
    event_count, _more = selectors.count_events(events)
    paginator = Paginator(card_rows(events), EVENTS_PER_PAGE)
    # The paginator would count the same events again, in a query of its own.
    paginator.count = event_count.total
    page = paginator.get_page(query.get("page"))
    context = _filter_context(filterset, query)
    page.object_list = with_cards(
        request, events, page.object_list, chosen_zone=context["chosen_zone"]
    )
    return render(
        request,
        "events/event_list.html",
        {
            **context,
            "page": page,
            "event_count": event_count,
            "commemoration": commemoration,
            "start": start,
            "is_archive": is_archive,
            # Nearest first, a day can come back further down: its heading needs another id.
            "by_distance": by_distance,
        },
    )


@public_page
def calendar_current(request):
    """The month of today while the commemoration runs, else the month of its anchor day."""
    commemoration = current_commemoration(request)
    today = timezone.localdate()
    if commemoration is not None and not commemoration.contains(today):
        today = commemoration.anchor_date
    return _calendar(request, today.replace(day=1))


@public_page
def calendar_month(request, year, month):
    first = first_of_month(year, month)
    if first is None:
        raise Http404("No such month.")
    return _calendar(request, first)


def _calendar(request, first):
    query = request.GET
    filterset = page_event_filter(query)
    commemoration = current_commemoration(request)
    bounds = None
    if commemoration is not None:
        bounds = window_months(commemoration)
        if far_outside(commemoration, first) and not (
            Event.objects.public()
            .filter(local_date__gte=first, local_date__lte=last_of_month(first))
            .exists()
        ):
            raise Http404("No month of the commemoration.")
    events = Event.objects.none()
    if filters_are_valid(filterset):
        # A month may hold thousands of events: the grid reads the first few of each day
        # (in the zone chosen with tz=, else each event's own) and each day's count, only
        # these fields of each.
        zone = filterset.chosen_zone()
        events = first_events_of_each_day(
            filterset.qs.only(*CALENDAR_EVENT_FIELDS), first, last_of_month(first), zone=zone
        )
        events = with_calendar_entries(request, events, chosen_zone=zone.key if zone else "")
    month = month_grid(first, events, formats.get_format("FIRST_DAY_OF_WEEK"), bounds)
    month.link_days_to_the_list(query)
    return render(
        request,
        "events/calendar.html",
        {
            **_filter_context(filterset, query, CALENDAR_FORM_FIELDS),
            "month": month,
            "month_table": month_table(month),
            "commemoration": commemoration,
        },
    )


@public_page
def event_detail(request, pk, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user).with_related(), pk=pk)
    if slug != event.slug:
        return redirect(event, permanent=True)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "shown": event.shown(),
            "versions": [
                {**vars(link), "url": request.build_absolute_uri(link.path)}
                for link in event.version_links()
            ],
            "series_dates": list(selectors.other_series_dates(event)),
            "json_ld": feeds.event_json_ld(event, request),
            "web_calendar_url": feeds.web_calendar_url(event),
            "page_url": request.build_absolute_uri(event.get_absolute_url()),
            # ±HH:MM at the start, as ISO 8601 writes it ("UTC+09:00").
            "utc_offset": event.local_starts_at.isoformat()[-6:],
        },
    )


def event_poster(request, pk, slug):
    """A page to print and pin up: the event's details and the QR code of its address."""
    event = get_object_or_404(Event.objects.public().with_related(), pk=pk)
    if slug != event.slug:
        return redirect("events:poster", pk=event.pk, slug=event.slug, permanent=True)
    page_url = request.build_absolute_uri(event.get_absolute_url())
    return render(
        request,
        "events/poster.html",
        {
            "event": event,
            "page_url": page_url,
            "qr_svg": sharing.qr_svg(page_url, title=page_url),
            "utc_offset": event.local_starts_at.isoformat()[-6:],
        },
    )


def share_fediverse(request, pk, slug):
    """Share on Mastodon (or another server of the Fediverse): the visitor names their
    server, and the page gives the link to its compose page with the event filled in.

    A link to follow, never a redirect: an address of this site must not send anyone to
    a host its query string names."""
    event = get_object_or_404(Event.objects.public(), pk=pk)
    if slug != event.slug:
        return redirect("events:share_fediverse", pk=event.pk, slug=event.slug, permanent=True)
    page_url = request.build_absolute_uri(event.get_absolute_url())
    given = request.GET.get("server", "")[:300]
    host = sharing.fediverse_host(given) if given else None
    context = {"event": event, "shown": event.shown(), "server": given, "host": host}
    if host:
        text = f"{event.shown().title} {page_url}"
        context["compose_url"] = sharing.fediverse_share_url(host, text)
    return render(
        request, "events/share_fediverse.html", context, status=400 if given and not host else 200
    )


def event_ics(request, pk, slug):
    """One public event as an .ics file, for "add to my calendar"."""
    event = get_object_or_404(Event.objects.public(), pk=pk)
    if slug != event.slug:
        return redirect("events:detail_ics", pk=event.pk, slug=event.slug, permanent=True)
    calendar = feeds.ical_calendar([event], request, name=event.shown().title)
    return feeds.calendar_response(calendar, f"{event.slug}.ics")


def events_geojson(request):
    """The public events matching the list's filters that have coordinates, as GeoJSON."""

    filterset = public_event_filter(request.GET)
    if not filters_are_valid(filterset):
        return feeds.invalid_filters_response(filterset)
    events = filterset.qs
    by_distance = "distance_km" in events.query.annotations
    by_distance = by_distance and request.GET.get("sort") == "distance"
    return geojson.geojson_response(events, request, by_distance=by_distance)


def events_ics(request):
    """The public events matching the list's filters, as a calendar one can subscribe to."""
    filterset = public_event_filter(request.GET)
    if not filters_are_valid(filterset):
        return feeds.invalid_filters_response(filterset)
    events = filterset.qs

    def render_calendar():
        # Streamed from the database a chunk at a time: any number of events in bounded
        # memory, the first bytes sent before the last event is read.
        commemoration = current_commemoration(request)
        name = (
            commemoration.shown().title if commemoration else str(Event._meta.verbose_name_plural)
        )
        return feeds.streamed_calendar_response(request, events.in_day_order(), name, "events.ics")

    return feeds.conditional_list_response(request, events, render_calendar, keep_rendered=True)
