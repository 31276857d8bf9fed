"""The committee fixes an event's mistakes in the admin's change form: times on the
place's clock, the zone and the languages chosen from lists."""

import datetime

import pytest

from events.models import Event, ModerationRecord
from tests.doors import admin_change_url as change_url
from tests.doors import admin_form_data as form_data
from tests.factories import EventFactory, local

S = Event.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def tokyo_event(organization):
    return EventFactory(
        title="Wreath-laying in Tokyo",
        organization=organization,
        status=S.APPROVED,
        timezone="Asia/Tokyo",
        starts_at=local(2024, 1, 21, 0, 30, "Asia/Tokyo"),
        ends_at=local(2024, 1, 21, 2, 30, "Asia/Tokyo"),
        languages=["ja"],
    )


def test_change_form_shows_times_on_the_places_clock_and_lists_to_choose_from(
    moderator_client, tokyo_event
):
    response = moderator_client.get(change_url(tokyo_event))

    content = response.content.decode()
    assert response.status_code == 200
    # 00:30 in Tokyo is 15:30 the day before in UTC: the form shows Tokyo's clock.
    assert 'name="starts_at_0" value="2024-01-21"' in content
    assert 'name="starts_at_1" value="00:30:00"' in content
    assert 'name="ends_at_1" value="02:30:00"' in content
    assert '<option value="Asia/Tokyo" selected>Asia/Tokyo (UTC+09:00)</option>' in content
    assert '<option value="ja" selected>Japanese (ja)</option>' in content
    assert '<option value="fr">French (fr)</option>' in content
    assert '["ja"]' not in content  # no raw JSON to type


def test_committee_member_moves_an_event_and_its_local_date_follows(moderator_client, tokyo_event):
    # 08:00 on the 22nd in Tokyo is still the 21st in UTC.
    response = moderator_client.post(
        change_url(tokyo_event),
        form_data(
            tokyo_event,
            starts_at_0="2024-01-22",
            starts_at_1="08:00",
            ends_at_0="2024-01-22",
            ends_at_1="10:00",
            languages=["ja", "en"],
        ),
    )

    assert response.status_code == 302
    tokyo_event.refresh_from_db()
    assert tokyo_event.starts_at == local(2024, 1, 21, 23, 0, "UTC")
    assert tokyo_event.ends_at == local(2024, 1, 22, 1, 0, "UTC")
    assert tokyo_event.local_date == datetime.date(2024, 1, 22)
    assert tokyo_event.languages == ["ja", "en"]
    # The committee's own fix does not send the event back to moderation; it is recorded.
    assert tokyo_event.status == S.APPROVED
    record = ModerationRecord.objects.get(event=tokyo_event)
    assert (record.from_status, record.to_status) == (S.APPROVED, S.APPROVED)
    assert record.note == "Edited: ends_at, languages, starts_at."


def test_changing_the_zone_reads_the_times_on_the_new_zones_clock(moderator_client, tokyo_event):
    response = moderator_client.post(
        change_url(tokyo_event), form_data(tokyo_event, timezone="Europe/Paris")
    )

    assert response.status_code == 302
    tokyo_event.refresh_from_db()
    assert tokyo_event.timezone == "Europe/Paris"
    assert tokyo_event.starts_at == local(2024, 1, 21, 0, 30, "Europe/Paris")
    assert tokyo_event.local_date == datetime.date(2024, 1, 21)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice."),
        ({"languages": []}, "languages", "This field is required."),
        ({"languages": ["ja", "xx"]}, "languages", "Select a valid choice."),
        ({"ends_at_1": "00:00"}, "ends_at", "The end cannot be before the start."),
        (
            {"timezone": "Europe/Paris", "starts_at_0": "2024-03-31", "starts_at_1": "02:30"},
            "starts_at",
            "Clocks skip this time in Europe/Paris",
        ),
    ],
)
def test_bad_input_in_the_change_form_is_refused_and_changes_nothing(
    moderator_client, tokyo_event, changes, field, message
):
    before = Event.objects.values().get(pk=tokyo_event.pk)

    response = moderator_client.post(change_url(tokyo_event), form_data(tokyo_event, **changes))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert Event.objects.values().get(pk=tokyo_event.pk) == before


def test_a_valid_zone_outside_the_list_stays_selected(moderator_client, organization):
    event = EventFactory(organization=organization, timezone="US/Eastern")

    content = moderator_client.get(change_url(event)).content.decode()
    response = moderator_client.post(change_url(event), form_data(event))

    assert '<option value="US/Eastern" selected>US/Eastern</option>' in content
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.timezone == "US/Eastern"
