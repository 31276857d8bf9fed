import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Event
from events.services import cancel_event
from tests.api.conftest import EVENTS, public_event_days_after
from tests.factories import CoOrganizerFactory, EventFactory, OrganizationFactory, local

# The smallest valid GIF: a poster the ImageField accepts.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def test_event_has_every_documented_field_and_nothing_private(anon, organization, member):
    partner = OrganizationFactory(name="Youth League", slug="youth-league", kind="youth")
    event = EventFactory(
        organization=organization,
        status=Event.Status.APPROVED,
        title="Wreath laying",
        summary="At the monument.",
        description="Bring flowers.",
        kind=Event.Kind.CEREMONY,
        starts_at=local(2024, 1, 21, 18, 0, "Europe/Paris"),
        ends_at=local(2024, 1, 21, 20, 30, "Europe/Paris"),
        timezone="Europe/Paris",
        venue="Place de la Bastille",
        address="Place de la Bastille",
        city="Paris",
        country="FR",
        latitude=Decimal("48.853000"),
        longitude=Decimal("2.369000"),
        online_url="https://stream.example.org/live",
        languages=["fr", "en"],
        submitted_by=member,
    )
    CoOrganizerFactory(event=event, organization=partner)

    response = anon.get(f"{EVENTS}{event.pk}/")

    assert response.status_code == 200
    body = response.json()
    event.refresh_from_db()
    assert body == {
        "id": event.pk,
        "url": f"http://testserver/events/{event.pk}-{event.slug}/",
        "title": "Wreath laying",
        "summary": "At the monument.",
        "description": "Bring flowers.",
        "language": "fr",
        "original_language": "fr",
        "translations": {},
        "kind": "ceremony",
        "status": "approved",
        "cancellation_reason": "",
        "starts_at": "2024-01-21T18:00:00+01:00",
        "ends_at": "2024-01-21T20:30:00+01:00",
        "timezone": "Europe/Paris",
        "local_date": "2024-01-21",
        "venue": "Place de la Bastille",
        "address": "Place de la Bastille",
        "city": "Paris",
        "country": "FR",
        "latitude": 48.853,
        "longitude": 2.369,
        "online_url": "https://stream.example.org/live",
        "languages": ["fr", "en"],
        "contact": "",
        "organization": {
            "slug": "workers-party",
            "name": "Workers' Party",
            "kind": "party",
            "country": "FR",
            "url": "http://testserver/organizations/workers-party/",
        },
        "co_organizers": [
            {
                "slug": "youth-league",
                "name": "Youth League",
                "kind": "youth",
                "country": "FR",
                "url": "http://testserver/organizations/youth-league/",
            }
        ],
        "commemoration": "lenin-centenary",
        "poster": None,
        # Not one of a series.
        "series": None,
        "recurrence": None,
        # No approved report on what the event achieved.
        "report": None,
        "updated_at": event.updated_at.isoformat().replace("+00:00", "Z"),
        # What the caller may do: an anonymous caller, nothing.
        "allowed_moves": [],
    }
    text = response.content.decode()
    assert "alice" not in text
    assert "private-workers-party@example.org" not in text
    assert "submitted_by" not in text


def test_times_are_given_in_each_events_own_zone(anon, organization):
    quito = EventFactory(
        organization=organization,
        status=Event.Status.APPROVED,
        timezone="America/Guayaquil",
        starts_at=local(2024, 1, 21, 10, 0, "America/Guayaquil"),
        ends_at=local(2024, 1, 21, 12, 0, "America/Guayaquil"),
    )
    kolkata = EventFactory(
        organization=organization,
        status=Event.Status.APPROVED,
        timezone="Asia/Kolkata",
        starts_at=local(2024, 1, 21, 23, 30, "Asia/Kolkata"),
        ends_at=local(2024, 1, 22, 1, 0, "Asia/Kolkata"),
    )

    rows = {row["id"]: row for row in anon.get(EVENTS).json()["results"]}

    assert rows[quito.pk]["starts_at"] == "2024-01-21T10:00:00-05:00"
    assert rows[kolkata.pk]["starts_at"] == "2024-01-21T23:30:00+05:30"
    assert rows[kolkata.pk]["ends_at"] == "2024-01-22T01:00:00+05:30"
    assert rows[kolkata.pk]["local_date"] == "2024-01-21"


def test_a_local_mean_time_offset_with_seconds_is_given_in_utc(anon, organization):
    # Paris kept its local mean time, UTC+00:09:21, until 1911; RFC 3339 writes minutes only.
    event = EventFactory(
        organization=organization,
        status=Event.Status.APPROVED,
        timezone="Europe/Paris",
        starts_at=local(1900, 1, 21, 18, 0, "Europe/Paris"),
        ends_at=local(1900, 1, 21, 20, 0, "Europe/Paris"),
    )

    row = anon.get(f"{EVENTS}{event.pk}/").json()

    assert row["starts_at"] == "1900-01-21T17:50:39+00:00"
    assert row["ends_at"] == "1900-01-21T19:50:39+00:00"
    assert row["local_date"] == "1900-01-21"


def test_an_event_without_online_link_has_an_empty_one_which_the_schema_allows(anon, public_event):
    row = anon.get(f"{EVENTS}{public_event.pk}/").json()
    schema = anon.get("/api/schema/?format=json").json()
    online_url = schema["components"]["schemas"]["Event"]["properties"]["online_url"]

    assert row["online_url"] == ""
    assert {"type": "string", "maxLength": 0} in online_url["anyOf"]


def test_poster_is_an_absolute_address(anon, organization, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = EventFactory(
        organization=organization,
        status=Event.Status.APPROVED,
        poster=SimpleUploadedFile("poster.gif", GIF, content_type="image/gif"),
    )

    body = anon.get(f"{EVENTS}{event.pk}/").json()

    assert body["poster"] == f"http://testserver/media/{event.poster.name}"
    assert event.poster.name.startswith(f"posters/{datetime.date.today():%Y/%m}/")


def test_cancelled_event_is_public_with_its_reason(anon, public_event, member):
    cancel_event(public_event, by=member, reason="Snowstorm.")

    body = anon.get(f"{EVENTS}{public_event.pk}/").json()

    assert (body["status"], body["cancellation_reason"]) == ("cancelled", "Snowstorm.")


def test_organizations_named_by_several_events_keep_their_own_shape(anon, organization):
    partner = OrganizationFactory(slug="partner", name="Partner", kind="youth", country="EC")
    first = EventFactory(organization=organization, status=Event.Status.APPROVED)
    second = public_event_days_after(first, 1, organization=partner)
    CoOrganizerFactory(event=first, organization=partner)
    CoOrganizerFactory(event=second, organization=organization)

    rows = anon.get("/api/v1/events/").json()["results"]

    ours = {
        "slug": "workers-party",
        "name": organization.name,
        "kind": organization.kind,
        "country": str(organization.country),
        "url": "http://testserver/organizations/workers-party/",
    }
    theirs = {
        "slug": "partner",
        "name": "Partner",
        "kind": "youth",
        "country": "EC",
        "url": "http://testserver/organizations/partner/",
    }
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    assert (rows[0]["organization"], rows[0]["co_organizers"]) == (ours, [theirs])
    assert (rows[1]["organization"], rows[1]["co_organizers"]) == (theirs, [ours])
