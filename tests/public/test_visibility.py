"""No draft, submitted or rejected event appears anywhere public, nor in any count."""

import icalendar
import pytest
from django.urls import reverse

from events.models import Event
from tests.public.conftest import HIDDEN_STATUSES, S, calendar_days, listed_titles

PUBLIC_TITLES = ["Approved event", "Cancelled event"]


def hidden_titles():
    return [f"{status.label} event" for status in HIDDEN_STATUSES]


def assert_no_hidden_title(content):
    for title in hidden_titles():
        assert title not in content


def test_home_shows_and_counts_only_public_events(client, events_in_every_state):
    response = client.get("/")
    content = response.getvalue().decode()
    assert listed_titles(response) == PUBLIC_TITLES  # the anchor day's events
    assert_no_hidden_title(content)
    # A cancelled event is public but is not counted as one being held.
    assert response.context["figures"] == {
        "events": 1,
        "countries": 1,
        "organizations": 1,
        "on_anchor_day": 1,
        "cancelled": 1,
    }


def test_list_shows_only_public_events(client, events_in_every_state):
    response = client.get("/events/")
    assert response.status_code == 200
    assert listed_titles(response) == PUBLIC_TITLES
    assert response.context["page"].paginator.count == 2
    assert_no_hidden_title(response.getvalue().decode())


def test_list_search_finds_no_hidden_event(client, events_in_every_state):
    response = client.get("/events/", {"q": "event"})
    assert listed_titles(response) == PUBLIC_TITLES


def test_calendar_shows_only_public_events(client, events_in_every_state):
    response = client.get("/calendar/2024/1/")
    assert calendar_days(response) == {"2024-01-21": PUBLIC_TITLES}
    assert_no_hidden_title(response.getvalue().decode())


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_hidden_event_page_is_404_to_anonymous_visitors(client, events_in_every_state, status):
    event = events_in_every_state[status]
    response = client.get(event.get_absolute_url())
    assert response.status_code == 404
    assert event.title not in response.getvalue().decode()


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_hidden_event_page_is_404_to_another_organizations_member(
    client, outsider, events_in_every_state, status
):
    client.force_login(outsider)
    event = events_in_every_state[status]
    response = client.get(event.get_absolute_url())
    assert response.status_code == 404
    assert event.title not in response.getvalue().decode()


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_hidden_event_ics_is_404(client, member, events_in_every_state, status):
    client.force_login(member)
    event = events_in_every_state[status]
    response = client.get(reverse("events:detail_ics", args=[event.pk, event.slug]))
    assert response.status_code == 404
    assert b"BEGIN:VEVENT" not in response.getvalue()


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_member_sees_own_hidden_event_with_its_status(member_client, events_in_every_state, status):
    event = events_in_every_state[status]
    response = member_client.get(event.get_absolute_url())
    content = response.getvalue().decode()
    assert response.status_code == 200
    assert f"Not public. Status: {event.get_status_display()}." in content
    # Not offered to calendars nor described as public data while it is not public.
    assert "application/ld+json" not in content
    assert reverse("events:detail_ics", args=[event.pk, event.slug]) not in content


def test_moderator_sees_submitted_event_with_its_status(moderator_client, events_in_every_state):
    event = events_in_every_state[S.SUBMITTED]
    response = moderator_client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Not public. Status: Waiting for moderation." in response.getvalue().decode()


def test_public_event_page_has_no_status_banner(client, events_in_every_state):
    response = client.get(events_in_every_state[S.APPROVED].get_absolute_url())
    assert response.status_code == 200
    assert "Not public." not in response.getvalue().decode()


def test_organization_pages_show_and_count_only_public_events(
    client, organization, events_in_every_state
):
    detail = client.get(organization.get_absolute_url())
    assert sorted(listed_titles(detail)) == PUBLIC_TITLES  # all past: today is after 2024
    assert_no_hidden_title(detail.getvalue().decode())

    directory = client.get("/organizations/")
    listed = [o for _, group in directory.context["parties_by_country"] for o in group]
    assert [(o.slug, str(o.public_event_count)) for o in listed] == [
        ("workers-party", "2 events, 1 of them cancelled")
    ]
    assert "2 events, 1 of them cancelled" in directory.getvalue().decode()


def test_ics_feed_holds_only_public_events(client, events_in_every_state):
    response = client.get("/events.ics")
    calendar = icalendar.Calendar.from_ical(response.getvalue())
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == PUBLIC_TITLES
    assert_no_hidden_title(response.getvalue().decode())


def test_atom_feed_holds_only_approved_public_events(client, events_in_every_state):
    Event.objects.update(approved_at="2024-01-01T10:00:00Z")  # even if once approved
    response = client.get(reverse("events:feed"))
    content = response.getvalue().decode()
    assert content.count("<entry>") == 2
    assert '<title type="text">Approved event</title>' in content
    assert '<title type="text">Cancelled: Cancelled event</title>' in content
    assert_no_hidden_title(content)
