"""/events.ics read back with icalendar, its filters and conditional GET; the Atom feed."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event
from tests.factories import EventFactory, local
from tests.public.conftest import S, approved

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_events(commemoration, organization, other_organization):
    return [
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            title="Paris lecture",
            timezone="Europe/Paris",
            starts_at=local(2024, 1, 21, 18, zone="Europe/Paris"),
            ends_at=local(2024, 1, 21, 20, zone="Europe/Paris"),
            venue="Workers' Hall",
            city="Paris",
            country="FR",
            status=S.APPROVED,
        ),
        EventFactory(
            commemoration=commemoration,
            organization=other_organization,
            title="Tokyo study circle",
            timezone="Asia/Tokyo",
            starts_at=local(2024, 2, 1, 0, 30, zone="Asia/Tokyo"),
            ends_at=local(2024, 2, 1, 2, 0, zone="Asia/Tokyo"),
            city="Tokyo",
            country="JP",
            languages=["ja"],
            status=S.CANCELLED,
            cancellation_reason="Typhoon.",
        ),
    ]


def parse(response):
    return icalendar.Calendar.from_ical(response.getvalue())


def test_ics_feed_holds_the_events_with_their_times_and_zones(client, feed_events):
    response = client.get("/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//Commemoration//Events//EN"
    components = calendar.walk("VEVENT")
    for component, event in zip(components, Event.objects.order_by("starts_at"), strict=True):
        assert str(component["uid"]) == f"event-{event.pk}@127.0.0.1"
        assert str(component["summary"]) == event.title
        assert component.decoded("dtstart") == event.starts_at
        assert component.decoded("dtend") == event.ends_at
        assert component["dtstart"].params["TZID"] == event.timezone
        assert component["dtend"].params["TZID"] == event.timezone
        assert component.decoded("dtstamp") == event.updated_at.replace(microsecond=0)
        assert str(component["url"]) == f"http://testserver{event.get_absolute_url()}"
    assert str(components[0]["location"]) == "Workers' Hall, Paris, France"
    assert str(components[0]["status"]) == "CONFIRMED"
    assert str(components[1]["status"]) == "CANCELLED"
    assert "Typhoon." in str(components[1]["description"])
    assert sorted(str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")) == [
        "Asia/Tokyo",
        "Europe/Paris",
    ]


def test_ics_feed_honours_the_list_filters(client, feed_events):
    calendar = parse(client.get("/events.ics", {"country": "JP"}))
    assert [str(c["summary"]) for c in calendar.walk("VEVENT")] == ["Tokyo study circle"]
    calendar = parse(client.get("/events.ics", {"starts_before": "2024-01-31"}))
    assert [str(c["summary"]) for c in calendar.walk("VEVENT")] == ["Paris lecture"]
    calendar = parse(client.get("/events.ics", {"q": "nothing"}))
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"starts_after": "tomorrow"}, "starts_after"),
        ({"country": "XX"}, "country"),
        ({"organization": "nobody"}, "organization"),
    ],
)
def test_ics_feed_with_invalid_filter_is_400_naming_the_parameter(
    client, feed_events, query, parameter
):
    response = client.get("/events.ics", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.getvalue().decode()
    assert body.startswith("Invalid filter parameters:\n")
    assert f"\n{parameter}: " in body


def test_ics_feed_answers_304_while_nothing_changed(client, feed_events):
    first = client.get("/events.ics", {"country": "FR"})
    etag, last_modified = first["ETag"], first["Last-Modified"]
    query = {"country": "FR"}
    assert client.get("/events.ics", query, HTTP_IF_NONE_MATCH=etag).status_code == 304
    not_modified = client.get("/events.ics", query, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert not_modified.status_code == 304
    assert not_modified.getvalue() == b""


def test_ics_feed_changes_its_etag_when_an_event_changes(client, feed_events):
    etag = client.get("/events.ics")["ETag"]
    event = feed_events[0]
    event.title = "Paris lecture, new hall"
    event.save()
    response = client.get("/events.ics", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Paris lecture, new hall" in [str(c["summary"]) for c in parse(response).walk("VEVENT")]


def test_ics_feed_changes_its_etag_when_an_event_is_withdrawn(client, feed_events):
    etag = client.get("/events.ics")["ETag"]
    Event.objects.filter(pk=feed_events[0].pk).update(
        status=S.DRAFT, updated_at=timezone.now() + datetime.timedelta(seconds=2)
    )
    response = client.get("/events.ics", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [str(c["summary"]) for c in parse(response).walk("VEVENT")] == ["Tokyo study circle"]


def test_atom_feed_lists_latest_approvals_first(client, commemoration, organization):
    for title, approved_at in [("Old", "2023-12-01T10:00Z"), ("New", "2023-12-20T10:00Z")]:
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            title=title,
            status=S.APPROVED,
            approved_at=approved_at,
        )
    EventFactory(commemoration=commemoration, organization=organization, title="Never approved")
    response = client.get(reverse("events:feed"))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.getvalue())
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["New", "Old"]
    assert entries[0].find(f"{ATOM}published").text == "2023-12-20T10:00:00+00:00"
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Workers' Party"
    assert organization.contact_email not in response.getvalue().decode()


def test_atom_feed_honours_filters_and_rejects_invalid_ones(client, feed_events):
    Event.objects.update(approved_at="2024-01-01T10:00Z")
    root = ET.fromstring(client.get(reverse("events:feed"), {"country": "FR"}).getvalue())
    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == ["Paris lecture"]
    invalid = client.get(reverse("events:feed"), {"kind": "picnic"})
    assert invalid.status_code == 400
    assert "kind: " in invalid.getvalue().decode()


def test_pages_link_their_feeds(client, feed_events):
    for path in ["/", "/events/", "/calendar/2024/1/", feed_events[0].get_absolute_url()]:
        content = client.get(path).getvalue().decode()
        assert (
            '<link rel="alternate" type="application/atom+xml" title="Newly approved events" '
            'href="/events/feed.atom">'
        ) in content, path
        assert '<link rel="alternate" type="text/calendar"' in content, path


def test_event_lists_change_their_etag_when_an_organization_is_renamed(
    client, feed_events, organization
):
    etags = {path: client.get(path)["ETag"] for path in ("/events.ics", "/api/v1/events/")}
    organization.name = "Renamed Workers' Party"
    organization.save()
    for path, etag in etags.items():
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, path
        assert response["ETag"] != etag
    api = client.get("/api/v1/events/").json()["results"]
    assert "Renamed Workers' Party" in str(api)


def test_unchanged_ics_feed_is_answered_in_one_query(
    client, feed_events, django_assert_num_queries
):
    etag = client.get("/events.ics")["ETag"]
    with django_assert_num_queries(1):
        assert client.get("/events.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_ics_feed_defines_each_zone_once_before_the_events_and_none_for_utc(
    client, feed_events, commemoration, organization
):
    for title, starts_at in [
        ("Online in UTC", local(2024, 1, 22, 15, zone="UTC")),
        ("Second Paris event", local(2024, 1, 23, 18, zone="Europe/Paris")),
    ]:
        approved(commemoration, organization, title, starts_at, str(starts_at.tzinfo))
    body = client.get("/events.ics").getvalue().decode()
    calendar = icalendar.Calendar.from_ical(body)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo", "Europe/Paris"]
    assert calendar.get_missing_tzids() == set()
    assert body.rindex("END:VTIMEZONE") < body.index("BEGIN:VEVENT")
    assert "DTSTART:20240122T150000Z\r\n" in body


def test_ics_feed_names_the_kind_in_the_visitors_language(client, feed_events):
    with translation.override("fr"):
        french = str(Event.Kind.LECTURE.label)
    assert french != "Lecture or talk"
    calendar = parse(client.get("/events.ics", HTTP_ACCEPT_LANGUAGE="fr"))
    assert [str(c["categories"].cats[0]) for c in calendar.walk("VEVENT")] == [french, french]


def test_atom_feed_has_the_ids_dates_and_links_atom_requires(client, feed_events, member):
    Event.objects.update(approved_at="2024-01-01T10:00Z", submitted_by=member)
    response = client.get(reverse("events:feed"))
    root = ET.fromstring(response.getvalue())
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == "http://testserver/events/"
    assert root.find(f"{ATOM}updated").text
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/events/feed.atom"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    # The same approval time: the newer event first.
    for entry, event in zip(entries, reversed(feed_events), strict=True):
        url = f"http://testserver{event.get_absolute_url()}"
        assert entry.find(f"{ATOM}id").text == url
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == url
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}author/{ATOM}name").text == event.organization.name
    body = response.getvalue().decode()
    for address in (member.email, *(e.organization.contact_email for e in feed_events)):
        assert address and address not in body
    assert "@" not in body


def test_ics_feed_is_streamed_from_the_database_in_chunks(
    client, commemoration, organization, feed_events
):
    # More events than one chunk written at a time, plus a draft that must stay out.
    for n in range(120):
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            title=f"Rally {n}",
            timezone="America/Guayaquil",
            starts_at=local(2024, 1, 1 + n % 28, 10, zone="America/Guayaquil"),
            status=S.APPROVED,
        )
    EventFactory(commemoration=commemoration, organization=organization, title="Secret draft")

    response = client.get("/events.ics")

    assert response.status_code == 200
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 3
    calendar = icalendar.Calendar.from_ical(b"".join(chunks))
    titles = sorted(str(component["summary"]) for component in calendar.walk("VEVENT"))
    assert titles == sorted(
        ["Paris lecture", "Tokyo study circle", *(f"Rally {n}" for n in range(120))]
    )
    zones = [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["America/Guayaquil", "Asia/Tokyo", "Europe/Paris"]
    urls = {str(c["summary"]): str(c["url"]) for c in calendar.walk("VEVENT")}
    assert urls["Paris lecture"] == f"http://testserver{feed_events[0].get_absolute_url()}"


def test_atom_entries_carry_date_time_zone_place_and_organizers_as_text(
    client, feed_events, other_organization
):
    from tests.factories import CoOrganizerFactory

    Event.objects.update(approved_at="2024-01-01T10:00Z")
    CoOrganizerFactory(event=feed_events[0], organization=other_organization)
    root = ET.fromstring(client.get(reverse("events:feed")).content)
    summaries = {
        e.find(f"{ATOM}title").text: e.find(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")
    }
    paris = summaries["Paris lecture"]
    assert paris.get("type") == "text"
    assert "When: Jan. 21, 2024, 6 p.m. (Europe/Paris, UTC+01:00)" in paris.text
    assert "Where: Workers' Hall, Paris, France" in paris.text
    assert "Organized by: Workers' Party, Other Party" in paris.text
    tokyo = summaries["Cancelled: Tokyo study circle"].text
    assert "When: Feb. 1, 2024, 12:30 a.m. (Asia/Tokyo, UTC+09:00)" in tokyo
    assert "Where: Tokyo, Japan" in tokyo
    assert "Organized by: Other Party" in tokyo
