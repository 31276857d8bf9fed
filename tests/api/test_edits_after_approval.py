"""Every publicly shown field that an untrusted organization changes through the API
sends its approved event back to the committee, with one record naming the field."""

import pytest

from events.models import Event, ModerationRecord
from tests.api.conftest import EVENTS
from tests.doors import image_file
from tests.factories import EventFactory, OrganizationFactory

S = Event.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"contact": "https://phishing.example.net/login"}, "contact"),
        ({"co_organizers": ["never-agreed"]}, "co_organizers"),
        ({"kind": "rally"}, "kind"),
        ({"latitude": 48.8566, "longitude": 2.3522}, "latitude, longitude"),
        ({"online_url": "https://stream.example.net/"}, "online_url"),
        ({"languages": ["fr", "en"]}, "languages"),
        ({"summary": "Another summary."}, "summary"),
    ],
)
def test_an_edit_of_a_public_field_sends_the_event_back(alice_api, organization, body, field):
    OrganizationFactory(slug="never-agreed")
    event = EventFactory(organization=organization, status=S.APPROVED)

    response = alice_api.patch(f"{EVENTS}{event.pk}/", body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    record = ModerationRecord.objects.get(event=event)
    assert (record.from_status, record.to_status) == (S.APPROVED, S.SUBMITTED)
    assert record.note == f"Edited after approval: {field}."


def test_a_new_poster_sends_the_event_back(alice_api, organization):
    event = EventFactory(organization=organization, status=S.APPROVED)

    response = alice_api.patch(f"{EVENTS}{event.pk}/", {"poster": image_file()}, format="multipart")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["poster"].startswith("http://testserver/media/posters/")
    assert ModerationRecord.objects.get(event=event).note == "Edited after approval: poster."


def test_a_poster_is_removed_with_null(alice_api, organization):
    event = EventFactory(organization=organization, status=S.DRAFT)
    alice_api.patch(f"{EVENTS}{event.pk}/", {"poster": image_file()}, format="multipart")

    response = alice_api.patch(f"{EVENTS}{event.pk}/", {"poster": None}, format="json")

    assert response.status_code == 200
    assert response.json()["poster"] is None
    assert not Event.objects.get(pk=event.pk).poster


def test_an_oversized_poster_by_pixels_is_refused(alice_api, organization):
    # 6000×6000 is within 8000 a side but 36 million pixels: too heavy for a phone.
    event = EventFactory(organization=organization, status=S.DRAFT)

    response = alice_api.patch(
        f"{EVENTS}{event.pk}/", {"poster": image_file(size=(6000, 6000))}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json() == {
        "poster": ["This image is 6000×6000 pixels; a poster may have at most 25 million pixels."]
    }
    assert not Event.objects.get(pk=event.pk).poster


def test_a_member_cannot_edit_a_cancelled_event(alice_api, organization):
    event = EventFactory(organization=organization, status=S.CANCELLED, title="Old")

    response = alice_api.patch(f"{EVENTS}{event.pk}/", {"title": "New"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A cancelled event cannot be changed."]}
    assert Event.objects.get(pk=event.pk).title == "Old"


def test_an_event_in_2031_is_refused_for_a_2024_commemoration(
    alice_api, organization, commemoration
):
    response = alice_api.post(
        EVENTS,
        {
            "title": "Far ahead",
            "organization": organization.slug,
            "kind": "lecture",
            "summary": "Later.",
            "starts_at": "2031-01-21T18:00:00+01:00",
            "ends_at": "2031-01-21T20:00:00+01:00",
            "timezone": "Europe/Paris",
            "city": "Paris",
            "country": "FR",
            "languages": ["fr"],
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["starts_at"]
    assert not Event.objects.exists()


def test_a_stale_move_through_the_api_is_409_with_no_record(carol_api, organization):
    event = EventFactory(organization=organization, status=S.SUBMITTED)
    assert (
        carol_api.post(f"{EVENTS}{event.pk}/approve/", {"expected_status": "submitted"}).status_code
        == 200
    )

    response = carol_api.post(
        f"{EVENTS}{event.pk}/reject/", {"expected_status": "submitted", "reason": "Late."}
    )

    assert response.status_code == 409
    assert "changed meanwhile" in response.json()["detail"]
    assert Event.objects.get(pk=event.pk).status == S.APPROVED
    assert ModerationRecord.objects.filter(event=event).count() == 1


def test_the_api_has_the_forms_length_limit_on_the_description(alice_api, organization):
    event = EventFactory(organization=organization, status=S.DRAFT, description="Short.")

    response = alice_api.patch(f"{EVENTS}{event.pk}/", {"description": "." * 20_001}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "description": ["Ensure this field has no more than 20000 characters."]
    }
    assert Event.objects.get(pk=event.pk).description == "Short."


def test_the_committee_edits_any_event_through_the_api_as_in_the_admin(carol_api, organization):
    event = EventFactory(organization=organization, status=S.APPROVED, title="Old")

    response = carol_api.patch(f"{EVENTS}{event.pk}/", {"title": "Fixed"}, format="json")

    assert response.status_code == 200, response.content
    # The committee is the moderator: its own edit stays approved, and is recorded.
    assert response.json()["status"] == "approved"
    assert ModerationRecord.objects.get(event=event).note == "Edited: title."
