"""Events in machine-readable forms: iCalendar, Atom, schema.org JSON-LD, calendar links."""

import datetime
import functools
import json
from urllib.parse import urlencode, urlsplit

import icalendar
import icalendar.timezone
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

from events.caching import batched, event_list_validators, kept_fragments, rendered_answer_key
from events.models import Event, EventTranslation
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


# What an event's VEVENT is written from: read as plain values, not model instances, so
# that a feed of a million events costs a few microseconds an event (bench/feeds.py).
VEVENT_FIELDS = (
    "pk",
    "slug",
    "title",
    "summary",
    "description",
    "languages",
    "status",
    "cancellation_reason",
    "online_url",
    "venue",
    "address",
    "city",
    "country",
    "latitude",
    "longitude",
    "kind",
    "series_id",
    "timezone",
    "starts_at",
    "ends_at",
    "created_at",
    "updated_at",
)


def ical_text(text):
    """TEXT escaped as RFC 5545 (3.3.11) asks, and exactly as icalendar escapes it (its
    reading of a written "\\N" and of a lone CR included): one feed, whoever writes it."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def content_line(line):
    """A content line as octets, folded as RFC 5545 (3.1) asks and as icalendar folds:
    at most 74 octets a line, cut between UTF-8 characters but never just after a
    backslash or caret (an escape stays whole), each further line begun with a space."""
    data = line.encode()
    if len(data) < 75:
        return data
    parts, start = [], 0
    while len(data) - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # within a character: cut before it
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


@functools.cache
def tzid(tzinfo):
    """The TZID icalendar names a zone by; "UTC" for UTC and the zones that are UTC."""
    return icalendar.timezone.tzid_from_tzinfo(tzinfo)


def ical_datetime(name, moment):
    """A DATE-TIME property (RFC 5545, 3.3.5): local time with the zone's TZID, or UTC
    time with Z; whole seconds."""
    # isoformat() pads the year to four digits, which strftime() does not.
    value = moment.isoformat()[:19].replace("-", "").replace(":", "")
    zone = tzid(moment.tzinfo)
    if zone == "UTC":
        return f"{name}:{value}Z"
    return f"{name};TZID={zone}:{value}"


def in_utc(moment):
    # DTSTAMP, CREATED and LAST-MODIFIED are in UTC (RFC 5545, 3.8.7).
    return moment.astimezone(datetime.UTC)


class VEventWriter:
    """Writes an event (an Event, or an EventRow) as its VEVENT's octets: the one way an
    event becomes iCalendar, for one event's .ics, feeds and exports alike.

    Written directly rather than through icalendar's objects, which cost more than
    everything else of a feed together; tests/public/test_feed_writer.py holds the two
    byte for byte equal. What every event shares is worked out once."""

    def __init__(self, request):
        self.host = uid_host()
        # get_kind_display() would translate every label for each event.
        self.kind_labels = {kind: str(label) for kind, label in Event.Kind.choices}
        # One reverse() and one absolute prefix for all events, not one per event.
        self.path_of = Event.page_paths()
        self.site = request.build_absolute_uri("/").removesuffix("/")

    def __call__(self, event):
        url = self.site + self.path_of(event.pk, event.slug)
        # The last change of the event, so that an unchanged feed is byte for byte the same.
        changed = ical_datetime("DTSTAMP", in_utc(event.updated_at))
        # In icalendar's order: its canonical properties first, then the others by name.
        lines = [
            "BEGIN:VEVENT",
            "SUMMARY:" + ical_text(event.shown().title),
            ical_datetime("DTSTART", event.local_starts_at),
            ical_datetime("DTEND", event.local_ends_at),
            changed,
            ical_text(f"UID:event-{event.pk}@{self.host}"),
            "CATEGORIES:" + ical_text(self.kind_labels.get(event.kind, event.kind)),
            ical_datetime("CREATED", in_utc(event.created_at)),
            "DESCRIPTION:" + ical_text(event_description(event, url)),
        ]
        if event.has_coordinates:
            lines.append(f"GEO:{float(event.latitude)};{float(event.longitude)}")
        lines.append("LAST-MODIFIED" + changed.removeprefix("DTSTAMP"))
        location = event_location(event)
        if location:
            lines.append("LOCATION:" + ical_text(location))
        if event.series_id is not None:
            # Each occurrence is an event of its own, with its own UID; the series ties them.
            lines.append(
                "RELATED-TO;RELTYPE=SIBLING:" + ical_text(f"series-{event.series_id}@{self.host}")
            )
        lines.append("STATUS:" + ("CANCELLED" if event.is_cancelled else "CONFIRMED"))
        lines.append("URL:" + url)
        lines.append("END:VEVENT\r\n")
        return b"\r\n".join(map(content_line, lines))


def ical_chunks(name, zones, events, writer):
    """The octets of an RFC 5545 calendar of `events`, a few events at a time: the head,
    the VTIMEZONE of each of `zones` (before the events that use them), the events."""
    # The name is TEXT, escaped: icalendar would write it raw (a ";" as is, a newline not
    # at all).
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    head.append("X-WR-CALNAME:" + ical_text(name))
    yield b"\r\n".join(map(content_line, head)) + b"\r\n"
    for zone in sorted(zones):
        if vtimezone(zone) is not None:
            yield vtimezone(zone).to_ical()
    batch = []
    for event in events:
        batch.append(writer(event))
        if len(batch) >= STREAM_EVENTS_PER_WRITE:
            yield b"".join(batch)
            batch = []
    batch.append(b"END:VCALENDAR\r\n")
    yield b"".join(batch)


def ical_calendar(events, request, name):
    """The octets of an RFC 5545 calendar of the events (model instances), with the
    VTIMEZONE of every zone they use."""
    events = list(events)
    zones = {event.timezone for event in events}
    return b"".join(ical_chunks(name, zones, events, VEventWriter(request)))


class EventRow:
    """An event as a feed reads it: the values of VEVENT_FIELDS and its live translations,
    with Event's own rules (shown(), is_cancelled, the local times…) borrowed, not copied.
    A model instance and its prefetches cost more than writing the event."""

    __slots__ = (*VEVENT_FIELDS, "live_translations", "language")
    Status = Event.Status
    original_language = Event.original_language
    is_cancelled = Event.is_cancelled
    has_coordinates = Event.has_coordinates
    tzinfo = Event.tzinfo
    local_starts_at = Event.local_starts_at
    local_ends_at = Event.local_ends_at

    def __init__(self, values, countries, translations, language):
        for name, value in zip(VEVENT_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.country = countries[self.country]
        self.live_translations = translations.get(self.pk, ())
        self.language = language

    def shown(self, language=None):
        # The reader's language read once for the feed: asking Django for it is slower
        # than writing the event.
        return Event.shown(self, language or self.language)


class ShownCountry:
    """A country as the feeds show it, named once for the feed in the reader's language:
    django-countries takes longer over one name than the writer over a whole event."""

    __slots__ = ("code", "name")

    def __init__(self, country):
        self.code, self.name = country.code, country.name

    def __bool__(self):
        return bool(self.code)


class Countries(dict):
    """Each code's ShownCountry, made from the Country an Event's `country` gives."""

    def __missing__(self, code):
        country = self[code] = ShownCountry(Event(country=code).country)
        return country


def event_rows(events, *, chunk_size=2000):
    """The events of a queryset as EventRows, read `chunk_size` at a time (a server-side
    cursor on PostgreSQL), with one more query a chunk for their live translations."""
    countries, language = Countries(), translation.get_language()
    rows = events.values_list(*VEVENT_FIELDS).iterator(chunk_size=chunk_size)
    for chunk in batched(rows, chunk_size):
        live = EventTranslation.objects.live().filter(event_id__in=[values[0] for values in chunk])
        translations = {}
        for version in live:
            translations.setdefault(version.event_id, []).append(version)
        for values in chunk:
            yield EventRow(values, countries, translations, language)


def ical_stream(events, request, name, *, chunk_size=2000):
    """The calendar ical_calendar() gives, as octets written a few events at a time: for
    feeds and exports of any size in bounded memory. `events` is a queryset.

    The events are read as EventRows, each written as soon as it is read, or their VEVENTs
    taken from the cache where they are kept (events.caching.kept_fragments), for the
    language and the site; every zone's VTIMEZONE once, before them, from one query for
    the zones in use."""
    zones = set(events.order_by().values_list("timezone", flat=True).distinct())
    writer = VEventWriter(request)

    def write(chosen):
        return ((row.pk, writer(row)) for row in event_rows(chosen, chunk_size=chunk_size))

    shaped_by = ("vevent", translation.get_language(), writer.site)
    vevents = kept_fragments(events, shaped_by, write, chunk_size=chunk_size)
    yield from ical_chunks(name, zones, vevents, bytes)


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
    """`calendar`'s octets (ical_calendar()) as an .ics file."""
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
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
