"""The audit log opens in the admin, and its date drill-downs answer odd dates with a 400."""

import datetime

import pytest

from events.models import Event, ModerationRecord, ModeratorCharge
from tests.factories import EventFactory

S = Event.Status
pytestmark = pytest.mark.django_db
EVENTS = "/admin/events/event/"
RECORDS = "/admin/events/moderationrecord/"


@pytest.fixture
def record(moderator):
    event = EventFactory(title="Rally at the square", status=S.APPROVED)
    return ModerationRecord.objects.create(
        event=event, actor=moderator, from_status=S.SUBMITTED, to_status=S.APPROVED, note="Fine"
    )


def test_a_moderation_records_page_opens_in_the_admin(moderator_client, record):
    response = moderator_client.get(f"{RECORDS}{record.pk}/change/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Rally at the square" in content
    assert "Fine" in content


def test_the_moderation_records_list_sorts_by_each_column(moderator_client, record):
    for column in range(1, 6):
        for order in (str(column), f"-{column}"):
            response = moderator_client.get(RECORDS, {"o": order})
            assert response.status_code == 200, order
            assert list(response.context["cl"].result_list) == [record]


def test_the_event_queue_sorts_by_each_column(moderator_client, record):
    for column in range(1, 7):
        for order in (str(column), f"-{column}"):
            response = moderator_client.get(EVENTS, {"o": order})
            assert response.status_code == 200, order
            assert list(response.context["cl"].result_list) == [record.event]


@pytest.mark.parametrize(
    "query",
    [
        {"starts_at__year": "99999999999999"},
        {"starts_at__year": "2024", "starts_at__month": "99999999999"},
        {"starts_at__year": "2024", "starts_at__month": "1", "starts_at__day": "99999999999"},
        {"starts_at__year": "9999", "starts_at__month": "12", "starts_at__day": "31"},
        {"starts_at__year": "9999", "starts_at__month": "12"},
        {"starts_at__year": "9999"},
        {"starts_at__year": "2024", "starts_at__month": "2", "starts_at__day": "30"},
        {"starts_at__year": "abc"},
        {"starts_at__year": "0"},
        {"starts_at__month": "1"},
    ],
)
def test_event_list_refuses_a_date_it_cannot_show_with_a_400(moderator_client, record, query):
    response = moderator_client.get(EVENTS, query)

    assert response.status_code == 400
    assert "This list cannot show that date" in response.content.decode()


def test_moderation_records_refuse_a_date_they_cannot_show_with_a_400(moderator_client, record):
    response = moderator_client.get(RECORDS, {"created_at__year": "99999999999999"})

    assert response.status_code == 400
    assert "This list cannot show that date" in response.content.decode()


def test_event_list_drills_down_to_a_day_and_to_the_last_month_it_can(moderator_client, record):
    late = EventFactory(
        title="Late",
        starts_at=datetime.datetime(9999, 11, 30, 12, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(9999, 11, 30, 13, 0, tzinfo=datetime.UTC),
    )
    day = record.event.starts_at.astimezone(datetime.UTC)

    on_the_day = moderator_client.get(
        EVENTS,
        {"starts_at__year": day.year, "starts_at__month": day.month, "starts_at__day": day.day},
    )
    in_november_9999 = moderator_client.get(
        EVENTS, {"starts_at__year": "9999", "starts_at__month": "11"}
    )

    assert list(on_the_day.context["cl"].result_list) == [record.event]
    assert list(in_november_9999.context["cl"].result_list) == [late]


@pytest.mark.parametrize("charge", [None, {}, {"countries": ["DE"]}])
def test_queue_keeps_the_oldest_waiting_first_whatever_the_moderators_charge(
    moderator_client, moderator, charge
):
    if charge is not None:
        ModeratorCharge.objects.create(moderator=moderator, **charge)
    now = datetime.datetime.now(tz=datetime.UTC)
    approved = EventFactory(title="Approved", status=S.APPROVED)
    newer = EventFactory(status=S.SUBMITTED, submitted_at=now - datetime.timedelta(hours=1))
    older = EventFactory(status=S.SUBMITTED, submitted_at=now - datetime.timedelta(days=2))
    german = EventFactory(
        status=S.SUBMITTED, country="DE", submitted_at=now - datetime.timedelta(minutes=5)
    )
    record = ModerationRecord.objects.create(
        event=older, actor=moderator, from_status=S.DRAFT, to_status=S.SUBMITTED
    )

    queue = moderator_client.get(EVENTS)
    record_page = moderator_client.get(f"{RECORDS}{record.pk}/change/")

    waiting = [older, newer, german]  # the longest waiting first
    if charge and charge.get("countries"):
        waiting = [german, older, newer]  # the moderator's own country first
    assert list(queue.context["cl"].result_list) == [*waiting, approved]
    assert record_page.status_code == 200
