"""A series-wide move names what its person saw of the series (`expected_state`): if any
of its events moved since, the move is refused with no record, at every door (API 409,
the admin's and the member area's confirmation pages), so that nobody overrules a
decision they did not see."""

import re

import pytest

from events import series as series_service
from events import services
from events.models import Event, ModerationRecord
from tests.api.conftest import token_client
from tests.factories import EventFactory, weekly_series

S = Event.Status
SERIES = "/api/v1/series/"


@pytest.fixture
def series(organization, commemoration, member):
    series = weekly_series(by=member, organization=organization, commemoration=commemoration)
    series_service.move_series(series, services.SUBMIT, by=member)
    return series


def statuses(series):
    return list(series.events.order_by("starts_at").values_list("status", flat=True))


def hidden_state(page):
    return re.search(r'name="expected_state" value="(\w+)"', page).group(1)


def test_the_api_refuses_a_series_move_on_a_series_that_moved_since_it_was_read(series, moderator):
    carol = token_client(moderator)
    seen = carol.get(f"{SERIES}{series.pk}/").json()
    assert seen["allowed_moves"] == ["approve", "reject"]
    # Meanwhile another moderator approves the first date alone.
    first = series.events.order_by("starts_at").first()
    services.approve_event(first, by=moderator)
    records = ModerationRecord.objects.count()

    stale = carol.post(
        f"{SERIES}{series.pk}/reject/",
        {"reason": "No venue.", "expected_state": seen["state"]},
        format="json",
    )

    assert stale.status_code == 409, stale.content
    assert "moved since you saw them" in stale.json()["detail"]
    assert statuses(series) == [S.APPROVED, S.SUBMITTED, S.SUBMITTED]
    assert ModerationRecord.objects.count() == records

    fresh = carol.get(f"{SERIES}{series.pk}/").json()["state"]
    assert fresh != seen["state"]
    answer = carol.post(
        f"{SERIES}{series.pk}/reject/",
        {"reason": "No venue.", "expected_state": fresh},
        format="json",
    )
    assert answer.status_code == 200
    assert statuses(series) == [S.REJECTED] * 3


def test_the_member_area_submits_a_series_with_the_state_shown_on_its_page(
    member_client, organization, commemoration, member
):
    event = EventFactory(organization=organization, commemoration=commemoration)
    series = series_service.create_series(event=event, rule="FREQ=WEEKLY;COUNT=2", user=member)
    page = member_client.get(f"/my/events/{event.pk}/").content.decode()
    state = hidden_state(page)
    series_service.move_series(series, services.SUBMIT, by=member)
    series_service.move_series(series, services.RETURN_TO_DRAFT, by=member)
    assert hidden_state(member_client.get(f"/my/events/{event.pk}/").content.decode()) == state

    member_client.post(f"/my/series/{series.pk}/submit/", {"expected_state": state})

    assert statuses(series) == [S.SUBMITTED] * 2


def test_the_state_is_shown_only_to_who_may_move_the_series(series, moderator, outsider):
    services.approve_event(series.events.order_by("starts_at").first(), by=moderator)
    public = token_client(outsider).get(f"{SERIES}{series.pk}/").json()
    assert public["allowed_moves"] == [] and public["state"] is None


def test_the_admin_refuses_a_series_move_confirmed_on_a_stale_page(
    moderator_client, series, moderator
):
    event = series.events.order_by("starts_at").last()
    url = f"/admin/events/event/{event.pk}/series-move/approve/"
    state = hidden_state(moderator_client.get(url).content.decode())
    services.reject_event(
        series.events.order_by("starts_at").first(), by=moderator, reason="Give a venue."
    )

    response = moderator_client.post(url, {"expected_state": state}, follow=True)

    assert "moved since you saw them" in response.content.decode()
    assert statuses(series) == [S.REJECTED, S.SUBMITTED, S.SUBMITTED]
    assert not ModerationRecord.objects.filter(to_status=S.APPROVED).exists()


def test_the_member_area_refuses_a_series_move_confirmed_on_a_stale_page(
    member_client, series, moderator
):
    services.approve_event(series.events.order_by("starts_at").first(), by=moderator)
    url = f"/my/series/{series.pk}/withdraw/"
    state = hidden_state(member_client.get(url).content.decode())
    services.approve_event(series.events.order_by("starts_at").last(), by=moderator)

    response = member_client.post(url, {"expected_state": state}, follow=True)

    assert "moved since you saw them" in response.content.decode()
    assert statuses(series) == [S.APPROVED, S.SUBMITTED, S.APPROVED]
    assert not ModerationRecord.objects.filter(to_status=S.DRAFT).exists()
    # Read again, the move goes through.
    fresh = hidden_state(member_client.get(url).content.decode())
    member_client.post(url, {"expected_state": fresh})
    assert statuses(series) == [S.DRAFT] * 3
