"""Mail waits in the queue: a mail server that hangs or fails never slows a page.

These tests use the real database queue and the real SMTP backend against servers on
127.0.0.1 (tests/faults.py), and run the worker's loop themselves.
"""

import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commemoration.mail import RETRY_DELAYS
from events.models import Event
from events.services import submit_event
from tests.factories import EventFactory, UserFactory
from tests.faults import HangingServer, SMTPSink, run_queue

# Serialized rollback: the data that migrations create (the committee group) is kept.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READY = "READY"


@pytest.fixture(autouse=True)
def queued_smtp(settings):
    """The production set-up: the database queue, and SMTP with a short timeout."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 1
    settings.SITE_URL = "https://commemoration.example.net"


@pytest.fixture
def mail_server(settings):
    def point_at(server):
        settings.EMAIL_PORT = server.port

    return point_at


def waiting():
    """The tasks in the queue that no worker has run yet, oldest first."""
    return list(
        DBTaskResult.objects.filter(status=READY)
        .order_by("enqueued_at")
        .values_list("task_path", flat=True)
    )


def backoff_elapses():
    DBTaskResult.objects.filter(status=READY).update(run_after=timezone.now())


@pytest.fixture
def event(organization, commemoration, member):
    return EventFactory(
        organization=organization, commemoration=commemoration, title="Film: October"
    )


def test_a_submit_answers_at_once_while_the_mail_server_hangs_and_the_mail_follows(
    member_client, event, moderator, mail_server
):
    with HangingServer() as hanging:
        mail_server(hanging)
        response = member_client.post(f"/my/events/{event.pk}/submit/")

        assert response.status_code == 302
        assert hanging.connections == 0
        event.refresh_from_db()
        assert event.status == Event.Status.SUBMITTED
        assert waiting() == ["events.notifications.mail_event_moved"]

        # The worker meets the hanging server, gives up after EMAIL_TIMEOUT, keeps the mail.
        run_queue()
        assert hanging.connections == 1
        assert waiting() == ["commemoration.mail.send_email"]

    with SMTPSink() as sink:
        mail_server(sink)
        backoff_elapses()
        run_queue()

    assert sink.received() == [
        ("carol@example.org", "To moderate: “Film: October” (Workers' Party)")
    ]
    assert waiting() == []


def test_a_password_reset_answers_at_once_while_the_mail_server_hangs_and_the_link_follows(
    client, member, mail_server
):
    with HangingServer() as hanging:
        mail_server(hanging)
        response = client.post("/accounts/password_reset/", {"email": "alice@example.org"})

        assert response.status_code == 302
        assert response["Location"] == "/accounts/password_reset/done/"
        assert hanging.connections == 0
        assert waiting() == ["organizations.tasks.mail_password_reset"]

    with SMTPSink() as sink:
        mail_server(sink)
        run_queue()

    assert sink.received() == [("alice@example.org", "Choose a new password")]
    body = sink.messages[0].get_content()
    link = next(line for line in body.splitlines() if line.startswith("https://"))
    response = client.get(link.removeprefix("https://commemoration.example.net"), follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.context["form"].fields


def test_a_password_reset_answers_the_same_for_a_known_and_an_unknown_address(
    client, member, mail_server
):
    answers = []
    for address in ("alice@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/accounts/password_reset/", {"email": address})
        answers.append(
            (
                response.status_code,
                response["Location"],
                response.content,
                # Only the task is written, naming the address: nothing looks it up.
                [query["sql"].split("(")[0] for query in queries],
            )
        )

    assert answers[0] == answers[1]
    assert answers[0][3] == ['INSERT INTO "django_tasks_database_dbtaskresult" ']
    with SMTPSink() as sink:
        mail_server(sink)
        run_queue()
    assert [m["To"] for m in sink.messages] == ["alice@example.org"]


def test_the_mail_is_written_in_the_language_of_the_person_who_acted(
    client, organization, moderator, mail_server
):
    client.force_login(UserFactory(username="eva", first_name="Eva"))
    response = client.post(
        "/accounts/join/", {"organization": organization.pk}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 302

    with SMTPSink() as sink:
        mail_server(sink)
        run_queue()

    assert sink.received() == [("carol@example.org", "Una solicitud de adhesión a Workers' Party")]


def test_a_mail_is_tried_again_later_and_later_then_given_up(
    member, event, settings, moderator, caplog
):
    settings.EMAIL_BACKEND = "tests.members.failing_mail.EmailBackend"
    submit_event(event, by=member)
    delays = []
    with caplog.at_level(logging.WARNING, logger="commemoration.mail"):
        for _ in range(len(RETRY_DELAYS) + 1):
            run_queue()
            retry = DBTaskResult.objects.filter(status=READY).first()
            if retry is None:
                break
            failed = DBTaskResult.objects.filter(status="FAILED").latest("finished_at")
            delays.append(round((retry.run_after - failed.finished_at) / timedelta(minutes=1)))
            backoff_elapses()

    assert delays == [delay // 60 for delay in RETRY_DELAYS]
    assert (
        DBTaskResult.objects.filter(
            task_path="commemoration.mail.send_email", status="FAILED"
        ).count()
        == len(RETRY_DELAYS) + 1
    )
    said = [r.getMessage() for r in caplog.records if r.name == "commemoration.mail"]
    assert [line.split("): ")[0] for line in said] == [
        f"Mail task send_email failed (attempt {attempt}"
        for attempt in range(1, len(RETRY_DELAYS) + 2)
    ]
    assert [line.split("; ")[-1] for line in said] == [
        *(f"trying again in {delay} s" for delay in RETRY_DELAYS),
        "not trying again",
    ]


def test_joining_by_mail_queues_the_link_and_it_works_once_delivered(
    client, organization, member, mail_server
):
    ask = {
        "name": "Eva Reyes",
        "password1": "a-long-enough-passphrase-1917",
        "password2": "a-long-enough-passphrase-1917",
        "organization": organization.pk,
    }
    for address in ("eva@example.org", "alice@example.org"):  # new, then known
        response = client.post("/accounts/join/", {**ask, "email": address})
        assert response.status_code == 200
    assert waiting() == [
        "organizations.notifications.mail_join_confirmation",
        "organizations.notifications.mail_join_with_known_address",
    ]

    with SMTPSink() as sink:
        mail_server(sink)
        run_queue()

    assert sink.received() == [
        ("eva@example.org", "Confirm your request to join Workers' Party"),
        ("alice@example.org", "Your request to join Workers' Party"),
    ]
    body = sink.messages[0].get_content()
    link = next(line for line in body.splitlines() if "/accounts/join/confirm/" in line)
    response = client.post(link.removeprefix("https://commemoration.example.net"))
    assert response["Location"] == "/my/"
