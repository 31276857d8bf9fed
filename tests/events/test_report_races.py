"""Two people on one report at the same moment, on PostgreSQL with two connections: one
decision stands, and an edit and a decision wait for each other instead of deadlocking."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from events import reports
from events.models import Event, EventReport
from tests.factories import EventFactory, EventReportFactory, UserFactory

S = Event.Status
R = EventReport.Status
ROUNDS = 10

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between two connections: the PostgreSQL run of the suite",
    ),
]


def moderator(username):
    """A committee member by permission: the group, made by a migration, is gone once a
    test that commits has flushed the database."""
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="moderate_event"))
    return user


def at_once(*calls):
    """Run the calls from threads released together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_approve_and_reject_at_once_end_with_one_move(organization):
    carol, dave = moderator("carol"), moderator("dave")
    for _round in range(ROUNDS):
        report = EventReportFactory(
            event=EventFactory(organization=organization, status=S.APPROVED), status=R.SUBMITTED
        )

        outcomes = at_once(
            lambda r=report: reports.approve_report(r, by=carol, expected_status=R.SUBMITTED),
            lambda r=report: reports.reject_report(
                r, by=dave, reason="A duplicate.", expected_status=R.SUBMITTED
            ),
        )

        refused = [o for o in outcomes if isinstance(o, reports.StaleMove)]
        assert len(refused) == 1, outcomes
        report.refresh_from_db()
        records = list(report.records.all())
        assert [record.to_status for record in records] == [report.status]
        assert report.status in (R.APPROVED, R.REJECTED)


def test_an_edit_and_a_decision_at_once_both_finish(organization, member):
    carol = moderator("carol")
    for n in range(ROUNDS):
        report = EventReportFactory(
            event=EventFactory(organization=organization, status=S.APPROVED), status=R.SUBMITTED
        )

        outcomes = at_once(
            lambda r=report: reports.approve_report(r, by=carol),
            lambda r=report, n=n: reports.save_report(
                r.event, by=member, data={"participants": 200 + n, "account": "Corrected."}
            ),
        )

        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        report.refresh_from_db()
        assert report.participants == 200 + n
        # Approved, then edited (sent back), or edited, then approved.
        assert report.status in (R.SUBMITTED, R.APPROVED)
