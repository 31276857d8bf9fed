"""Two people at the same moment on one series: on PostgreSQL, with two connections.

Two requests making a series of the same event make one series (the event is locked
before its rule is read); an approval of the series and a withdrawal of it at once leave
each occurrence moved once, with one record per move made."""

import threading

import pytest
from django.db import connection

from events import series as series_service
from events import services
from events.models import Event, ModerationRecord, Series
from tests.api.conftest import token_client
from tests.factories import EventFactory, MembershipFactory, UserFactory, committee_member, local

S = Event.Status

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between two connections: the PostgreSQL run of the suite",
    ),
]


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            answers[index] = call()
        except Exception as error:  # noqa: BLE001 - the refusal is the answer
            answers[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


@pytest.fixture
def alice(organization):
    return MembershipFactory(user=UserFactory(username="alice"), organization=organization).user


def friday(organization, commemoration):
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        starts_at=local(2024, 3, 1, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 1, 21, 0, "Europe/Paris"),
    )


def test_two_series_of_one_event_at_once_make_one(organization, commemoration, alice):
    for _round in range(5):
        event = friday(organization, commemoration)
        answers = at_once(
            *(
                lambda event=event: series_service.create_series(
                    event=event, rule="FREQ=WEEKLY;COUNT=4", user=alice
                )
                for _ in range(2)
            )
        )
        made = [answer for answer in answers if isinstance(answer, Series)]
        assert len(made) == 1, answers
        assert isinstance(next(a for a in answers if not isinstance(a, Series)), Exception)
        assert Event.objects.filter(series=made[0]).count() == 4
    assert Series.objects.count() == 5


@pytest.mark.parametrize("_round", range(5))
def test_approve_and_withdraw_a_series_at_once(organization, commemoration, alice, _round):
    carol = token_client(committee_member(username="carol", email="carol@example.org"))
    alice_api = token_client(alice)
    event = friday(organization, commemoration)
    series = series_service.create_series(event=event, rule="FREQ=WEEKLY;COUNT=5", user=alice)
    series_service.move_series(series, services.SUBMIT, by=alice)

    approve, withdraw = at_once(
        lambda: carol.post(f"/api/v1/series/{series.pk}/approve/", {}, format="json"),
        lambda: alice_api.post(f"/api/v1/series/{series.pk}/withdraw/", {}, format="json"),
    )

    # Withdrawn first, nothing waits for the approval any more: refused, nothing approved.
    assert withdraw.status_code == 200
    assert approve.status_code in (200, 400)
    approved_first = approve.status_code == 200
    for occurrence in Event.objects.filter(series=series):
        moves = list(
            ModerationRecord.objects.filter(event=occurrence)
            .order_by("pk")
            .values_list("from_status", "to_status")
        )
        # Submitted, then the two moves in one order or the other, each whole.
        assert moves == (
            [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.APPROVED), (S.APPROVED, S.DRAFT)]
            if approved_first
            else [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.DRAFT)]
        )
        assert occurrence.status == S.DRAFT
    statuses = set(Event.objects.filter(series=series).values_list("status", flat=True))
    assert statuses == {S.DRAFT}
