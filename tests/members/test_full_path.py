"""The whole path, through the client: ask to join, be accepted, log in, register an
event, submit it, and the committee approves or rejects it in the admin."""

from django.core import mail
from django.test import Client

from events.models import Event, ModerationRecord
from organizations.models import JoinRequest, Membership
from tests.factories import MembershipFactory, UserFactory

PASSWORD = "a-long-enough-passphrase-1917"


def _join_and_get_accepted(client, organization, capture):
    admin = MembershipFactory(
        organization=organization, role=Membership.Role.ADMIN, user=UserFactory(username="dora")
    ).user
    with capture(execute=True):
        response = client.post(
            "/accounts/join/",
            {
                "name": "Eva Reyes",
                "email": "Eva@Example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "organization": organization.pk,
                "message": "Local branch of Lyon.",
            },
        )
    # Nothing is sent before the address is confirmed by the link mailed to it.
    assert response.status_code == 200
    assert not JoinRequest.objects.exists()
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/accounts/join/confirm/" in line
    )
    with capture(execute=True):
        response = client.post(link[link.index("/accounts/") :])
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    join_request = JoinRequest.objects.get()
    assert join_request.user.username == "eva@example.org"
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.message == "Local branch of Lyon."

    # Waiting: logged in, but no organization to register events for.
    response = client.get("/my/events/new/")
    assert response.status_code == 403
    assert not Membership.objects.filter(user=join_request.user).exists()

    admin_client = Client()
    admin_client.force_login(admin)
    with capture(execute=True):
        response = admin_client.post(f"/accounts/requests/{join_request.pk}/accept/")
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert join_request.decided_by == admin
    assert Membership.objects.get(user=join_request.user).organization == organization

    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "eva@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    return join_request.user


def _create_and_submit(client, event_form_data, capture):
    with capture(execute=True):
        response = client.post("/my/events/new/", event_form_data(action="submit"))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/events/{event.pk}/"
    assert event.status == Event.Status.SUBMITTED
    return event


def test_a_person_joins_registers_an_event_and_the_committee_approves_it(
    client,
    organization,
    moderator,
    event_form_data,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    person = _join_and_get_accepted(client, organization, django_capture_on_commit_callbacks)
    event = _create_and_submit(client, event_form_data, django_capture_on_commit_callbacks)
    assert event.submitted_by == person
    assert list(Event.objects.public()) == []

    committee = Client()
    committee.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = committee.post(
            "/admin/events/event/", {"action": "approve_selected", "_selected_action": [event.pk]}
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED
    assert list(Event.objects.public()) == [event]
    assert [(r.from_status, r.to_status, r.actor) for r in event.moderation_records.all()] == [
        ("draft", "submitted", person),
        ("submitted", "approved", moderator),
    ]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["eva@example.org"], "Confirm your request to join Workers' Party"),
        (["dora@example.org"], "A request to join Workers' Party"),
        (["eva@example.org"], "Welcome to Workers' Party"),
        (["carol@example.org"], "To moderate: “Lenin and the national question” (Workers' Party)"),
        (["eva@example.org"], "Approved: “Lenin and the national question”"),
    ]

    response = client.get("/my/")
    assert response.status_code == 200
    assert [(label, [e.pk for e in events]) for label, _, events in response.context["groups"]] == [
        ("Approved", [event.pk])
    ]

    # Public now, to anyone, without the private address of who submitted it.
    visitor = Client()
    page = visitor.get(event.get_absolute_url()).content.decode()
    assert "<h1>Lenin and the national question</h1>" in page
    assert "eva@example.org" not in page
    assert (
        f'href="{event.get_absolute_url()}"'
        in visitor.get("/events/?around=2024-01-21").content.decode()
    )


def test_a_rejected_event_shows_the_committees_reason_in_the_member_area(
    client,
    organization,
    moderator,
    event_form_data,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    _join_and_get_accepted(client, organization, django_capture_on_commit_callbacks)
    event = _create_and_submit(client, event_form_data, django_capture_on_commit_callbacks)

    committee = Client()
    committee.force_login(moderator)
    reason = "The address is missing the postcode; please add it."
    with django_capture_on_commit_callbacks(execute=True):
        response = committee.post(
            "/admin/events/event/",
            {
                "action": "reject_selected",
                "_selected_action": [event.pk],
                "apply": "1",
                "reason": reason,
            },
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.REJECTED
    assert list(Event.objects.public()) == []
    assert ModerationRecord.objects.filter(event=event).last().note == reason

    response = client.get("/my/")
    page = response.content.decode()
    assert (
        "Reason for the rejection:</strong> The address is missing the postcode; please add it."
        in page
    )
    response = client.get(f"/my/events/{event.pk}/")
    assert response.context["event"].rejection_reason == reason
    assert reason in response.content.decode()
    assert mailoutbox[-1].to == ["eva@example.org"]
    assert reason in mailoutbox[-1].body
