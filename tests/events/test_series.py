"""Series of events: dates read by the RRULE in the event's own zone, each occurrence an
event of its own, and the moves and edits made to many at once (events.series)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from events import series as series_service
from events import services
from events.models import Event, ModerationRecord
from events.services import EditRefused, TransitionError
from tests.factories import EventFactory, OrganizationFactory, local

S = Event.Status
UTC = datetime.UTC


@pytest.fixture
def friday(organization, commemoration):
    """A study circle on Friday 1 March 2024 at 19:00 in Paris, for two hours."""
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Study circle",
        starts_at=local(2024, 3, 1, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 1, 21, 0, "Europe/Paris"),
    )


def weekly(event, user, count=6):
    return series_service.create_series(
        event=event, rule=f"FREQ=WEEKLY;BYDAY=FR;COUNT={count}", user=user
    )


def test_weekly_series_keeps_local_time_across_the_end_of_march_change(friday, member):
    series = weekly(friday, member)

    events = list(series.events.order_by("starts_at"))
    assert [e.local_date for e in events] == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 8),
        datetime.date(2024, 3, 15),
        datetime.date(2024, 3, 22),
        datetime.date(2024, 3, 29),
        datetime.date(2024, 4, 5),
    ]
    assert {e.local_starts_at.time() for e in events} == {datetime.time(19, 0)}
    assert {e.local_ends_at.time() for e in events} == {datetime.time(21, 0)}
    utc_hours = [e.starts_at.astimezone(UTC).hour for e in events]
    assert utc_hours == [18, 18, 18, 18, 18, 17]  # clocks go forward on 31 March
    assert events[0].pk == friday.pk
    assert series.rule == "FREQ=WEEKLY;BYDAY=FR;COUNT=6"
    assert series.organization == friday.organization
    assert series.created_by == member


def test_each_occurrence_is_an_event_of_its_own(friday, member):
    series = weekly(friday, member, count=3)

    events = list(series.events.order_by("starts_at"))
    assert len({e.slug for e in events}) == 3
    assert {(e.title, e.city, e.status, e.organization_id) for e in events} == {
        ("Study circle", "Paris", S.DRAFT, friday.organization_id)
    }
    assert {e.get_absolute_url() for e in events} != {friday.get_absolute_url()}


def test_until_in_utc_ends_the_series(friday, member):
    series = series_service.create_series(
        event=friday, rule="RRULE:FREQ=WEEKLY;BYDAY=FR;UNTIL=20240315T235959Z", user=member
    )
    assert series.events.count() == 3


def test_monthly_on_the_first_friday_and_every_two_weeks(friday, member):
    monthly = series_service.occurrence_starts(event=friday, rule="FREQ=MONTHLY;BYDAY=1FR;COUNT=3")
    assert [s.date() for s in monthly] == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 4, 5),
        datetime.date(2024, 5, 3),
    ]
    fortnightly = series_service.occurrence_starts(
        event=friday, rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=3"
    )
    assert [s.date() for s in fortnightly] == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 15),
        datetime.date(2024, 3, 29),
    ]


def test_a_date_the_clocks_skip_refuses_the_series_naming_it(organization, commemoration, member):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        starts_at=local(2024, 3, 24, 2, 30, "Europe/Paris"),
        ends_at=local(2024, 3, 24, 3, 30, "Europe/Paris"),
    )
    with pytest.raises(EditRefused) as refused:
        series_service.create_series(event=event, rule="FREQ=WEEKLY;COUNT=3", user=member)

    message = refused.value.message_dict["recurrence"][0]
    assert "31 March 2024" in message or "March 31, 2024" in message
    assert "Europe/Paris" in message
    assert Event.objects.count() == 1
    assert Event.objects.get().series is None


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "FREQ=HOURLY;COUNT=3",
        "FREQ=WEEKLY;BYHOUR=3",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;COUNT=abc",
        "nonsense",
        "FREQ=WEEKLY\nDTSTART:20240101",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=WEEKLY;COUNT=1",
        "FREQ=WEEKLY;COUNT=\x00",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=MONTHLY;BYDAY=+60FR",
        "FREQ=WEEKLY;BYEASTER=1",
        "FREQ=WEEKLY;UNTIL=garbage",
        "FREQ=WEEKLY;COUNT=2;COUNT=3",
    ],
)
def test_a_bad_rule_is_refused_on_recurrence_and_creates_nothing(friday, member, rule):
    with pytest.raises(EditRefused) as refused:
        series_service.create_series(event=friday, rule=rule, user=member)
    assert list(refused.value.message_dict) == ["recurrence"]
    assert Event.objects.count() == 1


def test_too_many_dates_or_past_the_window_are_refused(friday, member):
    with pytest.raises(EditRefused) as refused:
        series_service.create_series(event=friday, rule="FREQ=DAILY;COUNT=250", user=member)
    assert "200" in refused.value.message_dict["recurrence"][0]
    with pytest.raises(EditRefused) as refused:
        series_service.create_series(event=friday, rule="FREQ=WEEKLY;COUNT=60", user=member)
    assert refused.value.message_dict["recurrence"][0].startswith("Centenary of Lenin's death ends")
    assert Event.objects.count() == 1


def test_an_open_rule_stops_at_the_end_of_the_window(friday, member):
    starts = series_service.occurrence_starts(event=friday, rule="FREQ=MONTHLY")
    assert starts[-1].date() == datetime.date(2024, 12, 1)
    assert len(starts) == 10


def test_an_outsider_cannot_make_a_series_of_anothers_event(friday, outsider):
    with pytest.raises(PermissionDenied):
        weekly(friday, outsider)
    assert Event.objects.count() == 1


def test_an_event_in_a_series_cannot_start_another(friday, member):
    weekly(friday, member, count=2)
    with pytest.raises(EditRefused):
        weekly(friday, member, count=2)
    assert Event.objects.count() == 2


def test_submitting_and_approving_a_series_moves_every_occurrence_with_one_record_each(
    friday, member, moderator
):
    series = weekly(friday, member, count=4)

    submitted = series_service.move_series(series, services.SUBMIT, by=member)
    approved = series_service.move_series(series, services.APPROVE, by=moderator)

    assert len(submitted) == len(approved) == 4
    assert set(series.events.values_list("status", flat=True)) == {S.APPROVED}
    for event in series.events.all():
        assert list(
            event.moderation_records.order_by("pk").values_list("from_status", "to_status", "actor")
        ) == [(S.DRAFT, S.SUBMITTED, member.pk), (S.SUBMITTED, S.APPROVED, moderator.pk)]


def test_approving_a_series_leaves_its_drafts_alone(friday, member, moderator):
    series = weekly(friday, member, count=3)
    last = series.events.order_by("starts_at").last()
    for event in series.events.exclude(pk=last.pk):
        services.submit_event(event, by=member)

    records = series_service.move_series(series, services.APPROVE, by=moderator)

    assert len(records) == 2
    last.refresh_from_db()
    assert last.status == S.DRAFT
    assert last.moderation_records.count() == 0


def test_a_member_cannot_approve_a_series(friday, member):
    series = weekly(friday, member, count=2)
    series_service.move_series(series, services.SUBMIT, by=member)
    with pytest.raises(PermissionDenied):
        series_service.move_series(series, services.APPROVE, by=member)
    assert set(series.events.values_list("status", flat=True)) == {S.SUBMITTED}


def test_an_outsider_cannot_submit_a_series(friday, member, outsider):
    series = weekly(friday, member, count=2)
    with pytest.raises(PermissionDenied):
        series_service.move_series(series, services.SUBMIT, by=outsider)
    assert ModerationRecord.objects.count() == 0


def test_rejecting_a_series_needs_a_reason_and_gives_it_to_each(friday, member, moderator):
    series = weekly(friday, member, count=2)
    series_service.move_series(series, services.SUBMIT, by=member)
    with pytest.raises(TransitionError):
        series_service.move_series(series, services.REJECT, by=moderator, note=" ")
    series_service.move_series(series, services.REJECT, by=moderator, note="Give the venue.")
    assert set(
        ModerationRecord.objects.filter(to_status=S.REJECTED).values_list("event_id", "note")
    ) == {(e.pk, "Give the venue.") for e in series.events.all()}


def test_a_move_that_fits_no_occurrence_is_refused(friday, member):
    series = weekly(friday, member, count=2)
    with pytest.raises(TransitionError):
        series_service.move_series(series, services.CANCEL, by=member, note="Rain.")


def test_cancelling_one_occurrence_leaves_the_others_public(friday, member, moderator):
    series = weekly(friday, member, count=3)
    series_service.move_series(series, services.SUBMIT, by=member)
    series_service.move_series(series, services.APPROVE, by=moderator)
    second = series.events.order_by("starts_at")[1]

    services.cancel_event(second, by=member, reason="The hall is closed.")

    statuses = list(series.events.order_by("starts_at").values_list("status", flat=True))
    assert statuses == [S.APPROVED, S.CANCELLED, S.APPROVED]
    assert Event.objects.public().filter(series=series).count() == 3


def test_cancelling_the_series_cancels_every_public_occurrence(friday, member, moderator):
    series = weekly(friday, member, count=3)
    series_service.move_series(series, services.SUBMIT, by=member)
    series_service.move_series(series, services.APPROVE, by=moderator)

    series_service.move_series(series, services.CANCEL, by=member, note="We stop.")

    assert set(series.events.values_list("status", "cancellation_reason")) == {
        (S.CANCELLED, "We stop.")
    }


def test_series_moves_for_come_from_the_events_moves(friday, member, moderator, outsider):
    series = weekly(friday, member, count=2)
    assert [m.code for m in series_service.series_moves_for(series, member)] == ["submit"]
    assert series_service.series_moves_for(series, outsider) == []
    series_service.move_series(series, services.SUBMIT, by=member)
    assert [m.code for m in series_service.series_moves_for(series, moderator)] == [
        "approve",
        "reject",
    ]
    assert [m.code for m in series_service.series_moves_for(series, member)] == ["withdraw"]


def test_this_and_following_changes_only_the_later_ones(friday, member):
    series = weekly(friday, member, count=4)
    events = list(series.events.order_by("starts_at"))
    third = events[2]
    # One occurrence changed alone keeps its own change.
    services.update_event(events[3], by=member, data={"venue": "Room 2"})

    series_service.update_this_and_following(
        third,
        by=member,
        data={
            "title": "Reading circle",
            "starts_at": local(2024, 3, 15, 18, 30, "Europe/Paris"),
            "ends_at": local(2024, 3, 15, 20, 0, "Europe/Paris"),
            "venue": events[2].venue,
        },
    )

    after = list(series.events.order_by("starts_at"))
    assert [e.title for e in after] == [
        "Study circle",
        "Study circle",
        "Reading circle",
        "Reading circle",
    ]
    assert [(e.local_date, e.local_starts_at.time(), e.local_ends_at.time()) for e in after] == [
        (datetime.date(2024, 3, 1), datetime.time(19, 0), datetime.time(21, 0)),
        (datetime.date(2024, 3, 8), datetime.time(19, 0), datetime.time(21, 0)),
        (datetime.date(2024, 3, 15), datetime.time(18, 30), datetime.time(20, 0)),
        (datetime.date(2024, 3, 22), datetime.time(18, 30), datetime.time(20, 0)),
    ]
    assert after[3].venue == "Room 2"


def test_this_and_following_is_all_or_nothing(friday, member):
    series = weekly(friday, member, count=3)
    first = series.events.order_by("starts_at").first()
    with pytest.raises(EditRefused):
        # Moved to 02:30 on a Sunday: the third falls on 31 March, when clocks skip it.
        series_service.update_this_and_following(
            first,
            by=member,
            data={
                "title": "Night circle",
                "starts_at": local(2024, 3, 17, 2, 30, "Europe/Paris"),
                "ends_at": local(2024, 3, 17, 3, 0, "Europe/Paris"),
            },
        )
    assert set(series.events.values_list("title", flat=True)) == {"Study circle"}


def test_an_occurrence_moved_to_another_organization_is_not_moved_by_its_series(
    friday, member, moderator
):
    series = weekly(friday, member, count=2)
    other = OrganizationFactory()
    last = series.events.order_by("starts_at").last()
    services.update_event(last, by=moderator, data={"organization": other})
    series_service.move_series(series, services.SUBMIT, by=member)
    last.refresh_from_db()
    assert last.status == S.DRAFT
