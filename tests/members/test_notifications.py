"""Who receives which e-mail, after the change is committed."""

import pytest
from django.contrib.auth.models import Permission

from events.models import Event
from events.services import approve_event, reject_event, submit_event
from organizations.models import JoinRequest, Membership
from tests.factories import EventFactory, MembershipFactory, UserFactory, committee_member

S = Event.Status


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://commemoration.example.net"


@pytest.fixture
def event(organization, commemoration, member):
    return EventFactory(
        organization=organization, commemoration=commemoration, title="Film: October"
    )


def test_a_submission_goes_to_each_committee_member_and_nobody_else(
    member_client, event, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    direct = UserFactory(username="direct", is_staff=True)
    direct.user_permissions.add(Permission.objects.get(codename="moderate_event"))
    committee_member(username="retired", is_active=False)
    UserFactory(username="plainstaff", is_staff=True)  # staff, but not a moderator
    committee_member(username="noemail", email="")
    MembershipFactory(organization=event.organization, role=Membership.Role.ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"/my/events/{event.pk}/submit/")

    assert sorted(m.to[0] for m in mailoutbox) == [
        "carol@example.org",
        "direct@example.org",
        "root@example.org",
    ]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)
    message = mailoutbox[0]
    assert message.subject == "To moderate: “Film: October” (Workers' Party)"
    assert (
        f"https://commemoration.example.net/admin/events/event/{event.pk}/change/" in message.body
    )


def test_nothing_is_sent_before_the_commit(member_client, event, moderator, mailoutbox):
    member_client.post(f"/my/events/{event.pk}/submit/")
    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    assert mailoutbox == []


def test_a_trusted_submission_tells_the_submitter_not_the_committee(
    member_client, event, member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    event.organization.is_trusted = True
    event.organization.save()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"/my/events/{event.pk}/submit/")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["alice@example.org"], "Approved: “Film: October”")
    ]


def test_approval_goes_to_the_submitter(
    event, member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    submit_event(event, by=member)
    with django_capture_on_commit_callbacks(execute=True):
        approve_event(event, by=moderator)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["alice@example.org"], "Approved: “Film: October”")
    ]
    assert f"https://commemoration.example.net/my/events/{event.pk}/" in mailoutbox[0].body
    assert "When: Jan. 21, 2024, 6 p.m. (Europe/Paris)" in mailoutbox[0].body


def test_rejection_goes_to_the_submitter_with_the_reason(
    event, member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    submit_event(event, by=member)
    with django_capture_on_commit_callbacks(execute=True):
        reject_event(event, by=moderator, reason="Please give the cinema's address.")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["alice@example.org"], "Not approved: “Film: October”")
    ]
    body = mailoutbox[0].body
    assert "The reason:\nPlease give the cinema's address.\n" in body
    assert f"https://commemoration.example.net/my/events/{event.pk}/" in body
    assert "admin" not in body


def test_an_edit_sent_back_to_moderation_tells_the_committee(
    member_client,
    organization,
    commemoration,
    moderator,
    event_form_data,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    approved = EventFactory(
        organization=organization, commemoration=commemoration, status=S.APPROVED
    )
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            f"/my/events/{approved.pk}/edit/", event_form_data(title="Changed", action="save")
        )
    assert [m.to for m in mailoutbox] == [["carol@example.org"]]
    assert "Edited after approval: " in mailoutbox[0].body


def test_a_failed_email_is_logged_and_not_shown_to_the_person(
    member_client, event, moderator, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.members.failing_mail.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(f"/my/events/{event.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Submitted: the coordinating committee will look at it soon."
    ]
    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    # The queue of the tests runs at once and cannot wait to try again (tests/settings.py).
    assert [r.getMessage() for r in caplog.records if r.name == "commemoration.mail"] == [
        "Mail task send_email failed (attempt 1): "
        "SMTPServerDisconnected('Connection unexpectedly closed'); not trying again"
    ]


def test_a_join_request_goes_to_the_organizations_admins(
    client, organization, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    admin = MembershipFactory(
        organization=organization, role=Membership.Role.ADMIN, user=UserFactory(username="dora")
    ).user
    MembershipFactory(organization=organization, user=UserFactory(username="plain"))
    person = UserFactory(username="eva", first_name="Eva")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/join/", {"organization": organization.pk, "message": "Hello!"})
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([admin.email], "A request to join Workers' Party")
    ]
    body = mailoutbox[0].body
    assert "Eva <eva@example.org> asks to join Workers' Party." in body
    assert "Hello!" in body
    assert "https://commemoration.example.net/accounts/organizations/workers-party/members/" in body


def test_a_join_request_to_an_organization_without_admins_goes_to_the_committee(
    client, organization, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(UserFactory(username="eva"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/join/", {"organization": organization.pk})
    assert [m.to for m in mailoutbox] == [["carol@example.org"]]


@pytest.mark.parametrize(
    ("answer", "subject", "sentence"),
    [
        ("accept", "Welcome to Workers' Party", "Your request to join Workers' Party is accepted."),
        ("decline", "Your request to join Workers' Party", "was declined."),
    ],
)
def test_the_answer_goes_to_the_person_who_asked(
    client, organization, django_capture_on_commit_callbacks, mailoutbox, answer, subject, sentence
):
    admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    join_request = JoinRequest.objects.create(
        user=UserFactory(username="eva"), organization=organization
    )
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accounts/requests/{join_request.pk}/{answer}/")
    assert [(m.to, m.subject) for m in mailoutbox] == [(["eva@example.org"], subject)]
    assert sentence in mailoutbox[0].body
