"""The iCalendar the feeds write directly is the one icalendar would write, byte for byte:
for one event's .ics, /events.ics and the admin's export, whatever the event holds."""

import datetime
import random
import zoneinfo

import icalendar
import pytest
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from icalendar.parser import Contentline

from events import feeds
from events.models import Event, Series
from tests.factories import EventFactory, EventTranslationFactory, local
from tests.public.conftest import S

TRICKY = "Hall; closed, by order\\of the mayor.\nSee:\r\nnotice \\N here;\rend"


def icalendar_vevent(event, url):
    """The VEVENT as icalendar writes it: what events/feeds.py built before it wrote them
    itself, kept here as the reference."""
    host = feeds.uid_host()
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{host}")
    component.add("dtstamp", event.updated_at)
    component.add("created", event.created_at)
    component.add("last-modified", event.updated_at)
    component.add("dtstart", event.local_starts_at)
    component.add("dtend", event.local_ends_at)
    component.add("summary", event.shown().title)
    component.add("description", feeds.event_description(event, url))
    location = feeds.event_location(event)
    if location:
        component.add("location", location)
    if event.has_coordinates:
        component.add("geo", (float(event.latitude), float(event.longitude)))
    component.add("url", url)
    component.add("categories", [str(event.get_kind_display())])
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.series_id is not None:
        component.add(
            "related-to", f"series-{event.series_id}@{host}", parameters={"RELTYPE": "SIBLING"}
        )
    return component.to_ical()


def icalendar_calendar(events, name):
    """The whole calendar as icalendar writes it."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", feeds.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # As TEXT: escaped, which icalendar does not do unless told.
    calendar.add("x-wr-calname", icalendar.vText(name))
    opening, closing = calendar.to_ical().split(b"END:VCALENDAR")
    zones = [feeds.vtimezone(zone) for zone in sorted({event.timezone for event in events})]
    body = [zone.to_ical() for zone in zones if zone is not None]
    for event in events:
        body.append(icalendar_vevent(event, f"http://testserver{event.get_absolute_url()}"))
    return opening + b"".join(body) + b"END:VCALENDAR" + closing


@pytest.fixture
def varied_events(commemoration, organization):
    """Public events that exercise every property and every escape of the writer."""
    common = {"commemoration": commemoration, "organization": organization}
    series = Series.objects.create(organization=organization, rule="FREQ=WEEKLY;COUNT=2")
    long_arabic = "إحياء ذكرى رحيل لينين في القاعة الكبرى للعمال، مع قراءات وأناشيد ونقاش مفتوح"
    long_cyrillic = "Вечер памяти Ленина: чтения, песни и открытое обсуждение в большом зале"
    events = [
        EventFactory(
            **common,
            title="Summer in Paris",
            status=S.APPROVED,
            timezone="Europe/Paris",
            starts_at=local(2024, 7, 14, 18, zone="Europe/Paris"),
            ends_at=local(2024, 7, 14, 20, zone="Europe/Paris"),
            venue="Workers' Hall",
            address="1, rue de la Commune",
            latitude="48.856600",
            longitude="2.352200",
        ),
        EventFactory(
            **common,
            title="Winter in Paris",
            status=S.APPROVED,
            kind=Event.Kind.RALLY,
            timezone="Europe/Paris",
            starts_at=local(2024, 1, 21, 18, zone="Europe/Paris"),
            ends_at=local(2024, 1, 21, 20, zone="Europe/Paris"),
        ),
        EventFactory(
            **common,
            title="In UTC",
            status=S.APPROVED,
            timezone="UTC",
            starts_at=local(2024, 1, 22, 9),
            ends_at=local(2024, 1, 22, 10),
            city="",
            country="",
            online_url="https://meet.example.org/lenin?room=1,2;3",
        ),
        EventFactory(
            **common,
            title=TRICKY,
            summary=TRICKY,
            description=TRICKY * 3,
            status=S.CANCELLED,
            cancellation_reason=TRICKY,
            timezone="America/New_York",
            starts_at=local(2024, 3, 10, 1, 30, zone="America/New_York"),
            ends_at=local(2024, 3, 10, 4, zone="America/New_York"),
        ),
        EventFactory(
            **common,
            title=long_arabic,
            summary=long_arabic,
            description=long_cyrillic * 4,
            status=S.APPROVED,
            timezone="Asia/Riyadh",
            city="الرياض",
            country="SA",
            languages=["ar"],
            latitude="-33.868800",
            longitude="151.209300",
        ),
        EventFactory(
            **common,
            title=long_cyrillic,
            status=S.APPROVED,
            series=series,
            timezone="Europe/Moscow",
            city="Москва",
            country="RU",
            languages=["ru"],
            kind=Event.Kind.STUDY_CIRCLE,
        ),
        EventFactory(
            **common,
            title="Traduite",
            status=S.APPROVED,
            series=series,
            timezone="Etc/UTC",
            languages=["fr"],
            description="",
        ),
    ]
    EventTranslationFactory(
        event=events[-1], language="en", title="Translated, at last", description="Read; this"
    )
    EventTranslationFactory(event=events[-1], language="es", title="Traducida")
    return events


def in_feed_order():
    return list(Event.objects.public().in_day_order().with_translations())


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_events_ics_is_byte_for_byte_what_icalendar_writes(client, varied_events, language):
    response = client.get("/events.ics", HTTP_ACCEPT_LANGUAGE=language)
    body = b"".join(response.streaming_content)
    with translation.override(language):
        expected = icalendar_calendar(in_feed_order(), "Centenary of Lenin's death")
    assert body == expected
    assert body.count(b"BEGIN:VEVENT") == len(varied_events)


def test_events_ics_is_streamed(client, varied_events):
    assert isinstance(client.get("/events.ics"), StreamingHttpResponse)


def test_an_events_ics_file_is_what_icalendar_writes(client, varied_events):
    for event in varied_events:
        path = reverse("events:detail_ics", kwargs={"pk": event.pk, "slug": event.slug})
        body = client.get(path).content
        assert body == icalendar_calendar([event], event.shown().title)


def test_each_vevent_is_what_icalendar_writes_for_the_row_and_the_instance(varied_events):
    request = RequestFactory().get("/")
    write = feeds.VEventWriter(request)
    instances = in_feed_order()
    rows = list(feeds.event_rows(Event.objects.public().in_day_order(), chunk_size=3))
    for event, row in zip(instances, rows, strict=True):
        expected = icalendar_vevent(event, request.build_absolute_uri(event.get_absolute_url()))
        assert write(event) == expected
        assert write(row) == expected


def test_the_admin_export_reads_back_as_the_events(moderator_client, varied_events):
    response = moderator_client.post(
        "/admin/events/event/",
        {"action": "export_ics", "_selected_action": [e.pk for e in varied_events]},
    )
    calendar = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    components = calendar.walk("VEVENT")
    assert sorted(str(c["uid"]) for c in components) == sorted(
        f"event-{e.pk}@127.0.0.1" for e in varied_events
    )
    assert {str(c["summary"]) for c in components} >= {"Summer in Paris", "Translated, at last"}


def test_every_zone_is_written_as_icalendar_writes_it():
    moment = datetime.datetime(2024, 7, 14, 18, 5, 9, 123, tzinfo=datetime.UTC)
    for zone in [datetime.UTC, *map(zoneinfo.ZoneInfo, zoneinfo.available_timezones())]:
        local_moment = moment.astimezone(zone)
        component = icalendar.Event()
        component.add("dtstart", local_moment)
        expected = component.to_ical().split(b"\r\n")[1].decode()
        assert feeds.ical_datetime("DTSTART", local_moment) == expected


def test_early_years_keep_four_digits():
    moment = datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC)
    assert feeds.ical_datetime("DTSTAMP", moment) == "DTSTAMP:00010101T000000Z"


def test_lines_are_folded_as_icalendar_folds_them():
    alphabet = "a\\^;, éЖ€𐍈ل"
    generator = random.Random(1917)
    for _ in range(3000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randrange(300)))
        line = "DESCRIPTION:" + feeds.ical_text(text)
        assert feeds.content_line(line) == Contentline(line).to_ical()


def test_text_is_escaped_as_icalendar_escapes_it():
    for text in [TRICKY, "", "\\\\N", "a\r\rb", "x\n\r\ny"]:
        assert feeds.ical_text(text).encode() == icalendar.vText(text).to_ical()
