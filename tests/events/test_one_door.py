"""The same edit played through the three doors (member form, API, admin) ends the same
way: the rules live in events.services, and each door only translates.

Where a door's outcome differs, the case says why in one line.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Event, ModerationRecord
from tests.doors import AdminDoor, ApiDoor, MemberFormDoor, image_file, outcome, refusal_text
from tests.factories import EventFactory, MembershipFactory, OrganizationFactory, local

S = Event.Status
pytestmark = pytest.mark.django_db

DOORS = ["member form", "API", "admin"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def door(request, client, member, moderator):
    """The member (Alice) at the form and the API; the committee (Carol) at the admin."""
    return {
        "member form": lambda: MemberFormDoor(client, member),
        "API": lambda: ApiDoor(client, member),
        "admin": lambda: AdminDoor(client, moderator),
    }[request.param]()


def event_in(organization, commemoration, status):
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        status=status,
        title="Lenin and the national question",
        starts_at=local(2024, 1, 21, 18, 30, "Europe/Paris"),
        ends_at=local(2024, 1, 21, 20, 0, "Europe/Paris"),
        venue="Bourse du travail",
        languages=["fr"],
    )


def state(event):
    """What the database holds of the event: its fields, its poster and its history."""
    event = Event.objects.get(pk=event.pk)
    records = list(
        ModerationRecord.objects.filter(event=event).values_list("from_status", "to_status")
    )
    return (event.title, event.status, event.starts_at, event.poster.name or "", records)


@pytest.mark.parametrize("door", DOORS, indirect=True)
def test_a_cancelled_event_cannot_be_edited_through_any_door(door, organization, commemoration):
    event = event_in(organization, commemoration, S.CANCELLED)
    before = state(event)

    response = door.edit(event, title="Changed after the cancellation")

    assert outcome(response) == "refused"
    assert "cancelled event cannot be changed" in refusal_text(response)
    assert state(event) == before


@pytest.mark.parametrize("door", DOORS, indirect=True)
def test_an_event_outside_the_commemorations_window_is_refused_by_every_door(
    door, organization, commemoration
):
    event = event_in(organization, commemoration, S.DRAFT)
    before = state(event)

    response = door.edit(event, day="2031-01-21")

    assert outcome(response) == "refused"
    assert "runs from Jan. 1, 2024 to Dec. 31, 2024: choose a day in it." in (
        refusal_text(response)
    )
    assert state(event) == before


BAD_POSTERS = {
    "not an image": (
        lambda: SimpleUploadedFile("poster.png", b"%PDF-1.4 not an image", "image/png"),
        # Each door's image field says it first, in Django's and DRF's own words.
        ["Upload a valid image"],
    ),
    "a GIF": (
        lambda: image_file("poster.gif", image_format="GIF"),
        ["A poster must be a JPEG, PNG or WebP image; this one is GIF."],
    ),
    "50×50 pixels": (
        lambda: image_file(size=(50, 50)),
        ["This image is 50×50 pixels; a poster must be between 200 and 8000 pixels"],
    ),
    "8001×200 pixels": (
        lambda: image_file(size=(8001, 200)),
        ["This image is 8001×200 pixels; a poster must be between 200 and 8000 pixels"],
    ),
}


@pytest.mark.parametrize("poster", list(BAD_POSTERS))
@pytest.mark.parametrize("door", DOORS, indirect=True)
def test_a_poster_that_breaks_the_rules_is_refused_by_every_door(
    door, poster, organization, commemoration
):
    event = event_in(organization, commemoration, S.DRAFT)
    before = state(event)
    make_file, messages = BAD_POSTERS[poster]

    response = door.edit(event, poster=make_file())

    assert outcome(response) == "refused"
    text = refusal_text(response)
    assert any(message in text for message in messages), text
    assert state(event) == before


@pytest.mark.parametrize("door", DOORS, indirect=True)
def test_a_good_poster_is_taken_by_every_door(door, organization, commemoration):
    event = event_in(organization, commemoration, S.DRAFT)

    response = door.edit(event, poster=image_file(size=(400, 600)))

    assert outcome(response) == "saved"
    event.refresh_from_db()
    assert event.poster.name.startswith("posters/")
    assert (event.poster.width, event.poster.height) == (400, 600)


@pytest.mark.parametrize(
    ("door", "status", "records"),
    [
        ("member form", S.SUBMITTED, [("approved", "submitted")]),
        ("API", S.SUBMITTED, [("approved", "submitted")]),
        # The committee is the moderator: its own edit stays approved, and is recorded.
        ("admin", S.APPROVED, [("approved", "approved")]),
    ],
    indirect=["door"],
)
def test_a_new_title_on_an_untrusted_organizations_approved_event(
    door, status, records, organization, commemoration
):
    event = event_in(organization, commemoration, S.APPROVED)

    response = door.edit(event, title="Lenin and the right of nations")

    assert outcome(response) == "saved"
    title, new_status, _starts, _poster, history = state(event)
    assert (title, new_status, history) == ("Lenin and the right of nations", status, records)
    note = ModerationRecord.objects.get(event=event).note
    assert note in {"Edited after approval: title.", "Edited: title."}


@pytest.mark.parametrize("door", DOORS, indirect=True)
def test_a_new_title_on_a_trusted_organizations_approved_event_stays_public(
    door, member, commemoration
):
    trusted = OrganizationFactory(name="Trusted Party", is_trusted=True)
    MembershipFactory(user=member, organization=trusted)
    event = event_in(trusted, commemoration, S.APPROVED)

    response = door.edit(event, title="Lenin and the right of nations")

    assert outcome(response) == "saved"
    title, new_status, _starts, _poster, history = state(event)
    assert (title, new_status, history) == (
        "Lenin and the right of nations",
        S.APPROVED,
        [("approved", "approved")],
    )


@pytest.mark.parametrize("door", DOORS, indirect=True)
def test_a_time_that_clocks_skip_is_refused_naming_the_zone(door, organization, commemoration):
    # Clocks in Paris go from 02:00 to 03:00 on 31 March 2024: 02:30 never happens there.
    event = event_in(organization, commemoration, S.DRAFT)
    before = state(event)

    response = door.edit(event, day="2024-03-31", time=("02:30", "04:00"))

    assert outcome(response) == "refused"
    assert "Clocks skip this time in Europe/Paris (summer time begins); choose another." in (
        refusal_text(response)
    )
    assert state(event) == before


@pytest.mark.parametrize("door", DOORS, indirect=True)
def test_a_time_that_happens_twice_means_the_first_one_at_every_door(
    door, organization, commemoration
):
    # Clocks in Paris go back from 03:00 to 02:00 on 27 October 2024: 02:30 happens twice.
    # The documented choice: the first one, still summer time (UTC+02:00), 00:30 UTC.
    event = event_in(organization, commemoration, S.DRAFT)

    response = door.edit(event, day="2024-10-27", time=("02:30", "05:00"))

    assert outcome(response) == "saved"
    event.refresh_from_db()
    assert event.starts_at == local(2024, 10, 27, 0, 30, "UTC")
    assert event.ends_at == local(2024, 10, 27, 4, 0, "UTC")
