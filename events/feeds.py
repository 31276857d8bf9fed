"""Events in machine-readable forms: iCalendar, Atom, schema.org JSON-LD, calendar links."""

import datetime
import functools
import json
from urllib.parse import urlencode, urlsplit

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import formats, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date, quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.caching import event_list_validators, rendered_answer_key
from events.models import Event
from events.public_filters import filter_errors_text, filters_are_valid, public_event_filter

ATOM_ITEMS = 50
RENDERED_FEED_SECONDS = 60 * 60
# A streamed feed is kept in the cache only up to this size; a larger one streams each time.
MAX_KEPT_BYTES = 8 * 1024 * 1024
# Events written per chunk of a streamed feed: few writes, and little held at a time.
STREAM_EVENTS_PER_WRITE = 50
PRODID = "-//Commemoration//Events//EN"


def uid_host():
    """The host part of event UIDs: the site's configured address, stable across requests."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_location(event):
    parts = [event.venue, event.address, event.city, event.country.name if event.country else ""]
    return ", ".join(part for part in parts if part)


def event_description(event, url):
    shown = event.shown()
    parts = [shown.summary, shown.description]
    if event.is_cancelled:
        parts.insert(0, _("Cancelled: %(reason)s") % {"reason": event.cancellation_reason})
    if event.online_url:
        parts.append(_("Online: %(url)s") % {"url": event.online_url})
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def event_when_where_who(event):
    """The event's date, time and zone, place and organizers, as lines of text."""
    start = event.local_starts_at
    when = _("When: %(date)s, %(time)s (%(zone)s, UTC%(offset)s)") % {
        "date": formats.date_format(start, "DATE_FORMAT"),
        "time": formats.time_format(start.time(), "TIME_FORMAT"),
        "zone": event.timezone,
        "offset": start.isoformat()[-6:],
    }
    lines = [when]
    place = event_location(event)
    if place:
        lines.append(_("Where: %(place)s") % {"place": place})
    if event.online_url:
        lines.append(_("Online: %(url)s") % {"url": event.online_url})
    organizers = [event.organization.name] + [o.name for o in event.accepted_co_organizers]
    lines.append(_("Organized by: %(names)s") % {"names": ", ".join(organizers)})
    return "\n".join(lines)


@functools.cache
def vtimezone(zone):
    """The VTIMEZONE of an IANA zone, or None for UTC and zones icalendar cannot describe.

    Built once per zone and process: it depends on nothing else, and building it (or letting
    the calendar look for the zones its events use) costs more than all the events together.
    """
    if zone == "UTC":
        return None  # UTC times are written with Z and need no VTIMEZONE (RFC 5545, 3.2.19).
    try:
        return icalendar.Timezone.from_tzid(zone)
    except ValueError:
        return None


def ical_event(event, url, kind_labels):
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{uid_host()}")
    # The last change of the event, so that an unchanged feed is byte for byte the same.
    component.add("dtstamp", event.updated_at)
    component.add("created", event.created_at)
    component.add("last-modified", event.updated_at)
    component.add("dtstart", event.local_starts_at)
    component.add("dtend", event.local_ends_at)
    component.add("summary", event.shown().title)
    component.add("description", event_description(event, url))
    location = event_location(event)
    if location:
        component.add("location", location)
    if event.has_coordinates:
        component.add("geo", (float(event.latitude), float(event.longitude)))
    component.add("url", url)
    component.add("categories", [kind_labels.get(event.kind, event.kind)])
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.series_id is not None:
        # Each occurrence is an event of its own, with its own UID; the series ties them.
        component.add(
            "related-to",
            f"series-{event.series_id}@{uid_host()}",
            parameters={"RELTYPE": "SIBLING"},
        )
    return component


def ical_calendar(events, request, name):
    """An RFC 5545 calendar of the events, with the VTIMEZONE of every zone they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    # get_kind_display() would translate every label for each event.
    kind_labels = {kind: str(label) for kind, label in Event.Kind.choices}
    components, zones = [], set()
    for event in events:
        url = request.build_absolute_uri(event.get_absolute_url())
        components.append(ical_event(event, url, kind_labels))
        zones.add(event.timezone)
    # The zones' definitions come before the events that use them.
    for zone in sorted(zones):
        if vtimezone(zone) is not None:
            calendar.add_component(vtimezone(zone))
    for component in components:
        calendar.add_component(component)
    return calendar


def ical_stream(events, request, name, *, chunk_size=500):
    """The calendar ical_calendar() gives, as bytes written a chunk of events at a time:
    for feeds and exports of any size in bounded memory. `events` is a queryset.

    The events are read from the database `chunk_size` at a time (a server-side cursor on
    PostgreSQL), each written as soon as it is read; every zone's VTIMEZONE once, before
    them, from one query for the zones in use."""
    head = icalendar.Calendar()
    head.add("prodid", PRODID)
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("x-wr-calname", name)
    opening, closing = head.to_ical().split(b"END:VCALENDAR")
    yield opening
    # The zones' definitions come before the events that use them: one query for the zones.
    for zone in sorted(set(events.order_by().values_list("timezone", flat=True).distinct())):
        if vtimezone(zone) is not None:
            yield vtimezone(zone).to_ical()
    kind_labels = {kind: str(label) for kind, label in Event.Kind.choices}
    # One reverse() and one absolute prefix for all events, not one per event.
    path_of = Event.page_paths()
    site = request.build_absolute_uri("/").removesuffix("/")
    batch = []
    for event in events.with_translations().iterator(chunk_size=chunk_size):
        url = site + path_of(event.pk, event.slug)
        batch.append(ical_event(event, url, kind_labels).to_ical())
        if len(batch) >= STREAM_EVENTS_PER_WRITE:
            yield b"".join(batch)
            batch = []
    batch.append(b"END:VCALENDAR" + closing)
    yield b"".join(batch)


def in_language(chunks, language):
    """The chunks, each made with `language` active: a streamed body is written after the
    view has returned, when the request's language may no longer be the thread's."""
    chunks = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def kept_while_small(chunks, key, headers):
    """The chunks as they come; once all are written, kept in the cache under `key` if
    together they are at most MAX_KEPT_BYTES (a large feed is streamed every time)."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= MAX_KEPT_BYTES:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    if kept is not None:
        cache.set(key, (b"".join(kept), headers), RENDERED_FEED_SECONDS)


def streamed_calendar_response(request, events, name, filename):
    """The events as a streamed iCalendar body (ical_stream), in the request's language."""
    response = StreamingHttpResponse(
        in_language(ical_stream(events, request, name), translation.get_language()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def invalid_filters_response(filterset):
    return HttpResponseBadRequest(
        _("Invalid filter parameters:") + "\n" + filter_errors_text(filterset) + "\n",
        content_type="text/plain; charset=utf-8",
    )


def conditional_list_response(request, events, render, *, keep_rendered=False):
    """render() unless the client's copy of this list of events is still current (304).

    The ETag covers the events' changes and everything in the request that shapes the
    answer (events/caching.py). With keep_rendered, an anonymous answer's body is kept in
    the cache under that ETag: building a large calendar costs far more than the one query
    that tells whether it changed.
    """
    etag, last_modified = event_list_validators(request, events)
    etag = quote_etag(etag)
    timestamp = round(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        key = rendered_answer_key(request, etag) if keep_rendered else None
        cached = cache.get(key) if key else None
        if cached is None:
            response = render()
            if key and response.streaming:
                response.streaming_content = kept_while_small(
                    response.streaming_content, key, dict(response.headers)
                )
            elif key:
                cache.set(key, (response.content, dict(response.headers)), RENDERED_FEED_SECONDS)
        else:
            content, headers = cached
            response = HttpResponse(content, headers=headers)
    response.headers.setdefault("ETag", etag)
    if timestamp is not None:
        response.headers.setdefault("Last-Modified", http_date(timestamp))
    # The language comes from the header or the language cookie, and a session may sign
    # someone in: a shared cache must keep those answers apart too.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def web_calendar_url(event):
    """An outbound link that opens the event in a web calendar's "new event" form."""
    utc = datetime.UTC
    dates = "/".join(
        moment.astimezone(utc).strftime("%Y%m%dT%H%M%SZ")
        for moment in (event.starts_at, event.ends_at)
    )
    query = {
        "action": "TEMPLATE",
        "text": event.shown().title,
        "dates": dates,
        "details": event.shown().summary,
        "location": event_location(event) or event.online_url,
        "ctz": event.timezone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def event_json_ld(event, request):
    """schema.org Event data, escaped so that it is safe inside a <script> element."""
    url = request.build_absolute_uri(event.get_absolute_url())
    locations = []
    if event.is_in_person or event.has_coordinates:
        place = {
            "@type": "Place",
            "name": event.venue or event.city,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": event.city,
                "addressCountry": event.country.code or "",
            },
        }
        if event.has_coordinates:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(event.latitude),
                "longitude": float(event.longitude),
            }
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if event.is_online and event.is_in_person:
        mode = "MixedEventAttendanceMode"
    elif event.is_online:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    organizers = [event.organization, *event.accepted_co_organizers]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.shown().title,
        "description": event.shown().summary,
        "url": url,
        "startDate": event.local_starts_at.isoformat(),
        "endDate": event.local_ends_at.isoformat(),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": locations,
        "organizer": [
            {
                "@type": "Organization",
                "name": organization.name,
                "url": request.build_absolute_uri(organization.get_absolute_url()),
            }
            for organization in organizers
        ],
        "inLanguage": event.languages,
    }
    if event.poster:
        data["image"] = request.build_absolute_uri(event.poster.url)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above


class _TextConstructs:
    """The feed's XML writer, with every title and summary declared as plain text."""

    TEXT_ELEMENTS = frozenset({"title", "subtitle", "summary"})

    def __init__(self, handler):
        self._handler = handler

    def addQuickElement(self, name, contents=None, attrs=None):
        if name in self.TEXT_ELEMENTS:
            attrs = {**(attrs or {}), "type": "text"}
        self._handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self._handler, name)


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose titles and summaries are text (RFC 4287, 3.1), not Django's type="html".

    They are what members wrote: a reader shows them as written, and markup in them (an
    <img onerror=...>) is never run. Text is what they are; HTML would need a sanitizer.
    """

    def add_root_elements(self, handler):
        super().add_root_elements(_TextConstructs(handler))

    def add_item_elements(self, handler, item):
        super().add_item_elements(_TextConstructs(handler), item)


class LatestEventsFeed(Feed):
    """Newly approved public events, newest approval first; honours the list's filters."""

    feed_type = PlainTextAtom1Feed
    title = gettext_lazy("Newly approved events")
    subtitle = gettext_lazy("Commemorative events, as the committee approves them.")

    def __call__(self, request, *args, **kwargs):
        filterset = public_event_filter(request.GET)
        if not filters_are_valid(filterset):
            return invalid_filters_response(filterset)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return public_event_filter(request.GET)

    def link(self, obj):
        return reverse("events:list")

    def feed_url(self, obj):
        return reverse("events:feed")

    def items(self, obj):
        return (
            obj.qs.filter(approved_at__isnull=False)
            .select_related("organization")
            .with_accepted_co_organizers()
            .with_translations()
            .order_by("-approved_at", "-pk")[:ATOM_ITEMS]
        )

    def item_title(self, item):
        if item.is_cancelled:
            return _("Cancelled: %(title)s") % {"title": item.shown().title}
        return item.shown().title

    def item_description(self, item):
        # The entry's link already leads to the event's page.
        return "\n\n".join([event_when_where_who(item), event_description(item, url="")])

    def item_pubdate(self, item):
        return item.approved_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organization.name

    def item_categories(self, item):
        return [str(item.get_kind_display())]
