"""An event's page: every public field, its local time, cancellation, calendar links, data."""

import json
import re
from decimal import Decimal

import icalendar
import pytest
from django.urls import reverse

from events.services import cancel_event
from tests.factories import (
    CoOrganizerFactory,
    EventFactory,
    OrganizationFactory,
    UserFactory,
    local,
)
from tests.public.conftest import S

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def event(commemoration, organization, member):
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Lecture <on> imperialism & war",
        kind="lecture",
        summary="Lenin's theory of imperialism today.",
        description="First paragraph.\n\nSecond paragraph.",
        timezone="America/Guayaquil",
        starts_at=local(2024, 1, 21, 18, zone="America/Guayaquil"),
        ends_at=local(2024, 1, 21, 20, 30, zone="America/Guayaquil"),
        venue="Workers' Hall",
        address="12 Example Street",
        city="Quito",
        country="EC",
        latitude=Decimal("-0.180653"),
        longitude=Decimal("-78.467834"),
        online_url="https://meet.example.org/lecture",
        languages=["es", "en"],
        contact="info@party.example.org",
        submitted_by=member,
        status=S.APPROVED,
    )
    CoOrganizerFactory(
        event=event, organization=OrganizationFactory(name="Youth League", slug="youth-league")
    )
    return event


def test_event_page_shows_every_public_field(client, event):
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    for text in [
        "<h1>Lecture &lt;on&gt; imperialism &amp; war</h1>",
        "Lecture or talk",
        "Lenin&#x27;s theory of imperialism today.",
        "<p>First paragraph.</p>",
        "<p>Second paragraph.</p>",
        "Workers&#x27; Hall",
        "12 Example Street",
        "Quito, Ecuador",
        'href="https://meet.example.org/lecture"',
        "Spanish, English",
        '<a href="/organizations/workers-party/">Workers&#x27; Party</a>',
        '<a href="/organizations/youth-league/">Youth League</a>',
        "info@party.example.org",
        "Centenary of Lenin&#x27;s death",
    ]:
        assert text in content, text


def test_event_time_is_shown_in_its_own_zone_with_name_and_offset(client, event):
    content = client.get(event.get_absolute_url()).content.decode()
    assert '<time datetime="2024-01-21T18:00:00-05:00">Sunday, Jan. 21, 2024, 6 p.m.</time>' in (
        content
    )
    assert '<time datetime="2024-01-21T20:30:00-05:00">8:30 p.m.</time>' in content
    assert "Local time, America/Guayaquil (UTC-05:00)" in content


def test_event_page_never_shows_who_submitted_it_nor_private_addresses(client, event, member):
    content = client.get(event.get_absolute_url()).content.decode()
    assert member.username not in content
    assert member.email not in content
    assert event.organization.contact_email not in content


def test_cancelled_event_says_so_with_its_reason(client, event, member):
    cancel_event(event, by=member, reason="The venue was closed by the police.")
    event.refresh_from_db()
    assert event.status == S.CANCELLED
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>This event is cancelled.</strong>" in content
    assert "The venue was closed by the police." in content
    data = json.loads(JSON_LD.search(content).group(1))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_wrong_slug_redirects_to_the_canonical_address(client, event):
    response = client.get(f"/events/{event.pk}-old-title/")
    assert response.status_code == 301
    assert response["Location"] == event.get_absolute_url()


def test_unknown_event_is_404(client, event):
    assert client.get(f"/events/{event.pk + 100}-{event.slug}/").status_code == 404


def test_event_page_links_the_place_on_openstreetmap(client, event):
    content = client.get(event.get_absolute_url()).content.decode()
    assert (
        'href="https://www.openstreetmap.org/?mlat=-0.180653&amp;mlon=-78.467834'
        '#map=16/-0.180653/-78.467834"'
    ) in content


def test_event_without_coordinates_has_no_map_link(client, event):
    event.latitude = event.longitude = None
    event.save()
    assert "openstreetmap" not in client.get(event.get_absolute_url()).content.decode()


def test_event_page_offers_the_calendar_right_after_when_and_where(client, event):
    """On a phone the page is one column: what comes first in the page comes first on it."""
    content = client.get(event.get_absolute_url()).content.decode()

    when = content.index("<dt>When</dt>")
    where = content.index("<dt>Where</dt>")
    add = content.index('<h2 id="add-heading">Add to my calendar</h2>')
    about = content.index('<h2 id="about-heading">About this event</h2>')
    assert when < where < add < about
    # Who organizes it follows, still before the description.
    assert add < content.index("<dt>Organized by</dt>") < about
    assert content.index("First paragraph.") > add


def test_event_page_offers_its_ics_and_a_web_calendar_link(client, event):
    content = client.get(event.get_absolute_url()).content.decode()
    ics = reverse("events:detail_ics", args=[event.pk, event.slug])
    assert f'href="{ics}" download' in content
    assert f'href="webcal://testserver{ics}"' in content
    assert (
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
        "&amp;text=Lecture+%3Con%3E+imperialism+%26+war"
        "&amp;dates=20240121T230000Z%2F20240122T013000Z"
    ) in content


def test_one_event_ics_holds_that_event_in_its_zone(client, event):
    response = client.get(reverse("events:detail_ics", args=[event.pk, event.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [component] = calendar.walk("VEVENT")
    assert str(component["uid"]) == f"event-{event.pk}@127.0.0.1"
    assert component.decoded("dtstart") == local(2024, 1, 21, 18, zone="America/Guayaquil")
    assert component["dtstart"].params["TZID"] == "America/Guayaquil"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Guayaquil"]


def test_event_page_has_schema_org_event_data(client, event):
    content = client.get(event.get_absolute_url()).content.decode()
    raw = JSON_LD.search(content).group(1)
    assert "<on>" not in raw  # escaped inside the script element
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["name"] == "Lecture <on> imperialism & war"
    assert data["startDate"] == "2024-01-21T18:00:00-05:00"
    assert data["endDate"] == "2024-01-21T20:30:00-05:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["url"] == f"http://testserver{event.get_absolute_url()}"
    assert data["location"][0]["address"]["addressCountry"] == "EC"
    assert data["location"][0]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": -0.180653,
        "longitude": -78.467834,
    }
    assert data["location"][1] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/lecture",
    }
    assert [o["name"] for o in data["organizer"]] == ["Workers' Party", "Youth League"]


def test_event_page_has_open_graph_tags(client, event):
    content = client.get(event.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Lecture &lt;on&gt; imperialism &amp; war">' in (
        content
    )
    assert (
        '<meta property="og:description" content="Lenin&#x27;s theory of imperialism today.">'
        in content
    )
    assert f'<meta property="og:url" content="http://testserver{event.get_absolute_url()}">' in (
        content
    )


def test_event_page_has_no_inline_script_or_style(client, event):
    content = client.get(event.get_absolute_url()).content.decode()
    # A data block, and the site's own static scripts (the visitor's time, the share box's
    # copy button), but nothing inline.
    scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", content)
    assert scripts and all(
        re.fullmatch(r'<script src="/static/js/[\w.-]+\.js" defer>', s) for s in scripts
    )
    assert " style=" not in content
    assert re.search(r" on[a-z]+=", content) is None


def test_member_of_another_organization_cannot_see_draft(client, event, outsider):
    draft = EventFactory(organization=event.organization, commemoration=event.commemoration)
    client.force_login(outsider)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(username="dave"))
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("zone", "month", "offset"),
    [
        ("Asia/Tokyo", 1, "UTC+09:00"),
        ("Asia/Kolkata", 1, "UTC+05:30"),
        ("America/Los_Angeles", 7, "UTC-07:00"),  # summer time on the day of the event
        ("UTC", 1, "UTC+00:00"),
    ],
)
def test_event_time_names_its_zone_and_offset_on_that_day(
    client, commemoration, organization, zone, month, offset
):
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        timezone=zone,
        starts_at=local(2024, month, 21, 18, zone=zone),
        status=S.APPROVED,
    )
    content = client.get(event.get_absolute_url()).content.decode()
    assert f"Local time, {zone} ({offset})" in content
