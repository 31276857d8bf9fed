"""Two moderators at the same moment: one decision stands, the other is refused.

On PostgreSQL, with two connections (two threads), each round sends an approve and a
reject for the same submitted event, both naming the status their moderator saw.
"""

import threading

import pytest
from django.db import connection

from events.models import Event, ModerationRecord
from tests.api.conftest import token_client
from tests.factories import EventFactory, committee_member

S = Event.Status
ROUNDS = 20

pytestmark = [
    # Serialized rollback, as every transactional test of the suite: the data that migrations
    # create (the committee group) is there whatever ran before on this database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between two connections: the PostgreSQL run of the suite",
    ),
]


def at_once(*requests):
    """Send (client, url, body) requests from threads released together; their statuses."""
    barrier = threading.Barrier(len(requests))
    answers = [None] * len(requests)

    def send(index, client, url, body):
        barrier.wait()
        try:
            answers[index] = client.post(url, body, format="json").status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


def test_approve_and_reject_at_once_end_with_one_move_and_one_record(organization):
    carol = token_client(committee_member(username="carol", email="carol@example.org"))
    dave = token_client(committee_member(username="dave", email="dave@example.org"))
    for _round in range(ROUNDS):
        event = EventFactory(organization=organization, status=S.SUBMITTED)
        url = f"/api/v1/events/{event.pk}/"

        approve, reject = at_once(
            (carol, f"{url}approve/", {"expected_status": "submitted"}),
            (dave, f"{url}reject/", {"expected_status": "submitted", "reason": "A duplicate."}),
        )

        assert sorted([approve, reject]) == [200, 409]
        event.refresh_from_db()
        records = list(ModerationRecord.objects.filter(event=event))
        assert len(records) == 1
        assert event.status == (S.APPROVED if approve == 200 else S.REJECTED)
        assert records[0].to_status == event.status
