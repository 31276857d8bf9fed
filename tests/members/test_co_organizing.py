"""Naming co-organizers from the member form, and answering as the named organization.

Alice (a member of the Workers' Party) names the Other Party; Dana is an admin of the
Other Party and answers for it; Bob is a plain member of the Other Party and Eve belongs to
a third organization: neither may answer. Carol sits on the committee and may.
"""

import pytest
from django.test import Client

from events.models import CoOrganizer, Event
from events.services import accept_co_organization, decline_co_organization
from organizations.models import Membership
from tests.factories import (
    CoOrganizerFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    co_organizer_answers,
)

A = CoOrganizer.Status
S = Event.Status


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://commemoration.example.net"


@pytest.fixture
def eve(db):
    """Eve belongs to a third organization."""
    return MembershipFactory(
        user=UserFactory(username="eve"),
        organization=OrganizationFactory(slug="third"),
        role=Membership.Role.ADMIN,
    ).user


def logged_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def event(organization, commemoration):
    return EventFactory(organization=organization, commemoration=commemoration, title="Rally")


@pytest.fixture
def invitation(event, other_organization):
    return CoOrganizerFactory(event=event, organization=other_organization, status=A.PENDING)


def test_naming_a_co_organizer_in_the_member_form_asks_its_admins(
    member_client,
    event_form_data,
    other_organization,
    partner_admin,
    outsider,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            "/my/events/new/", event_form_data(co_organizers=[other_organization.pk])
        )

    event = Event.objects.get()
    invitation = event.co_organizer_invitations.get()
    assert (invitation.organization, invitation.status) == (other_organization, A.PENDING)
    assert (invitation.answered_by, invitation.answered_at) == (None, None)
    # To the partner's admin, not to Bob, its plain member.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["dana@example.org"],
            "Co-organizer of “Lenin and the national question” (Workers' Party)?",
        )
    ]
    assert "https://commemoration.example.net/my/co-organizing/" in mailoutbox[0].body
    assert "Workers' Party names Other Party as co-organizer" in mailoutbox[0].body


def test_an_organization_without_admins_is_asked_through_the_committee(
    member_client,
    event_form_data,
    other_organization,
    moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            "/my/events/new/", event_form_data(co_organizers=[other_organization.pk])
        )
    assert [m.to for m in mailoutbox] == [["carol@example.org"]]

    carol = logged_in(moderator)
    pending = carol.get("/my/co-organizing/").context["pending"]
    assert [(i.event.title, i.organization) for i in pending] == [
        ("Lenin and the national question", other_organization)
    ]


def test_nothing_is_sent_before_the_commit(
    member_client, event_form_data, other_organization, partner_admin, mailoutbox
):
    member_client.post("/my/events/new/", event_form_data(co_organizers=[other_organization.pk]))
    assert co_organizer_answers(Event.objects.get()) == [("other-party", A.PENDING)]
    assert mailoutbox == []


def test_the_admin_sees_the_invitation_and_accepts_it(invitation, partner_admin, event):
    dana = logged_in(partner_admin, enforce_csrf_checks=True)
    index = dana.get("/my/").content.decode()
    assert "1 event names your organization as co-organizer" in index

    page = dana.get("/my/co-organizing/")
    assert page.context["pending"] == [invitation]
    html = page.content.decode()
    form = f'action="/my/co-organizing/{invitation.pk}/accept/"'
    assert form in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="expected_status" value="pending">' in html

    token = page.context["csrf_token"]
    response = dana.post(
        f"/my/co-organizing/{invitation.pk}/accept/",
        {"csrfmiddlewaretoken": str(token), "expected_status": "pending"},
        follow=True,
    )

    assert response.redirect_chain == [("/my/co-organizing/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Other Party now co-organizes “Rally”."
    ]
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (A.ACCEPTED, partner_admin)
    assert invitation.answered_at is not None
    assert response.context["pending"] == []
    assert response.context["accepted"] == [invitation]


def test_an_answer_without_the_csrf_token_is_refused(invitation, partner_admin):
    dana = logged_in(partner_admin, enforce_csrf_checks=True)
    response = dana.post(f"/my/co-organizing/{invitation.pk}/accept/")
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == A.PENDING


@pytest.mark.parametrize("person", ["outsider", "member", "eve"])
def test_only_the_named_organizations_admins_may_answer(request, invitation, person):
    """Bob (a plain member of the named party), Alice (of the host) and Eve (of another
    organization) get 404, as for something that does not exist; nothing changes."""
    client = logged_in(request.getfixturevalue(person))

    for answer in ("accept", "decline"):
        response = client.post(
            f"/my/co-organizing/{invitation.pk}/{answer}/", {"expected_status": "pending"}
        )
        assert response.status_code == 404

    assert client.get("/my/co-organizing/").context["pending"] == []
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (A.PENDING, None)


def test_an_anonymous_visitor_is_sent_to_log_in(client, invitation):
    response = client.post(f"/my/co-organizing/{invitation.pk}/accept/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    invitation.refresh_from_db()
    assert invitation.status == A.PENDING


def test_answering_needs_a_post(invitation, partner_admin):
    response = logged_in(partner_admin).get(f"/my/co-organizing/{invitation.pk}/accept/")
    assert response.status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == A.PENDING


def test_the_committee_may_answer_for_an_organization(invitation, moderator, partner_admin):
    response = logged_in(moderator).post(f"/my/co-organizing/{invitation.pk}/accept/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (A.ACCEPTED, moderator)


def test_an_answer_given_meanwhile_is_not_overruled(invitation, partner_admin, other_organization):
    """Two admins had the page open; the first accepted, the second's decline is refused."""
    second_admin = MembershipFactory(
        organization=other_organization, role=Membership.Role.ADMIN
    ).user
    accept_co_organization(invitation, by=partner_admin)

    response = logged_in(second_admin).post(
        f"/my/co-organizing/{invitation.pk}/decline/", {"expected_status": "pending"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "This invitation changed meanwhile: it is now accepted. Nothing was done."
    ]
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (A.ACCEPTED, partner_admin)


def test_a_declined_invitation_cannot_be_accepted_afterwards(invitation, partner_admin):
    decline_co_organization(invitation, by=partner_admin)
    response = logged_in(partner_admin).post(
        f"/my/co-organizing/{invitation.pk}/accept/", follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This invitation is declined already."
    ]
    invitation.refresh_from_db()
    assert invitation.status == A.DECLINED


def test_declining_leaves_the_answer_for_the_host_to_see(
    invitation, partner_admin, member_client, event
):
    dana = logged_in(partner_admin)
    dana.post(f"/my/co-organizing/{invitation.pk}/decline/", {"expected_status": "pending"})

    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (A.DECLINED, partner_admin)
    page = dana.get("/my/co-organizing/").context
    assert (page["pending"], page["accepted"]) == ([], [])
    host_page = member_client.get(f"/my/events/{event.pk}/").content.decode()
    assert '<li>Other Party: <span class="answer answer-declined">Declined</span>' in host_page


def test_an_organization_that_accepted_may_withdraw(invitation, partner_admin):
    accept_co_organization(invitation, by=partner_admin)
    dana = logged_in(partner_admin)
    assert 'value="accepted"' in dana.get("/my/co-organizing/").content.decode()

    dana.post(f"/my/co-organizing/{invitation.pk}/decline/", {"expected_status": "accepted"})

    invitation.refresh_from_db()
    assert invitation.status == A.DECLINED


def test_the_host_sees_each_co_organizers_answer(member_client, event, commemoration):
    for slug, status in [("youth", A.PENDING), ("union", A.ACCEPTED), ("women", A.DECLINED)]:
        CoOrganizerFactory(
            event=event,
            organization=OrganizationFactory(name=slug.title(), slug=slug),
            status=status,
        )

    response = member_client.get(f"/my/events/{event.pk}/")

    assert [(i.organization.name, i.status) for i in response.context["event"].invitations] == [
        ("Union", A.ACCEPTED),
        ("Women", A.DECLINED),
        ("Youth", A.PENDING),
    ]
    page = response.content.decode()
    assert 'Youth: <span class="answer answer-pending">Waiting for an answer</span>' in page
    assert 'Union: <span class="answer answer-accepted">Accepted</span>' in page


def test_editing_keeps_the_answers_and_removing_a_co_organizer_deletes_its_invitation(
    member_client,
    event_form_data,
    event,
    other_organization,
    partner_admin,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    accepted = CoOrganizerFactory(event=event, organization=other_organization)
    youth = OrganizationFactory(slug="youth")
    MembershipFactory(
        organization=youth, role=Membership.Role.ADMIN, user=UserFactory(username="yan")
    )

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            f"/my/events/{event.pk}/edit/",
            event_form_data(title="Rally again", co_organizers=[other_organization.pk, youth.pk]),
        )
    assert co_organizer_answers(event) == [("other-party", A.ACCEPTED), ("youth", A.PENDING)]
    assert event.co_organizer_invitations.get(organization=other_organization) == accepted
    assert [m.to for m in mailoutbox] == [["yan@example.org"]]  # not asked again: Dana

    member_client.post(f"/my/events/{event.pk}/edit/", event_form_data(co_organizers=[youth.pk]))
    assert co_organizer_answers(event) == [("youth", A.PENDING)]


def test_saving_again_does_not_ask_an_organization_that_declined(
    member_client,
    event_form_data,
    event,
    other_organization,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    CoOrganizerFactory(event=event, organization=other_organization, status=A.DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            f"/my/events/{event.pk}/edit/",
            event_form_data(title="Rally, new title", co_organizers=[other_organization.pk]),
        )
    event.refresh_from_db()
    assert event.title == "Rally, new title"
    assert co_organizer_answers(event) == [("other-party", A.DECLINED)]
    assert mailoutbox == []


def test_an_invitation_the_host_withdrew_cannot_be_answered(
    member_client, event_form_data, invitation, event, partner_admin
):
    member_client.post(f"/my/events/{event.pk}/edit/", event_form_data(co_organizers=[]))

    response = logged_in(partner_admin).post(f"/my/co-organizing/{invitation.pk}/accept/")

    assert response.status_code == 404
    assert co_organizer_answers(event) == []


def test_a_copy_asks_again_those_that_did_not_decline(
    member_client, event, other_organization, commemoration
):
    youth = OrganizationFactory(slug="youth")
    women = OrganizationFactory(slug="women")
    CoOrganizerFactory(event=event, organization=other_organization, status=A.ACCEPTED)
    CoOrganizerFactory(event=event, organization=youth, status=A.PENDING)
    CoOrganizerFactory(event=event, organization=women, status=A.DECLINED)

    form = member_client.get(f"/my/events/{event.pk}/duplicate/").context["form"]

    assert sorted(o.slug for o in form.initial["co_organizers"]) == ["other-party", "youth"]


def test_no_mail_leaves_for_an_invitation_answered_or_withdrawn_while_queued(
    invitation, partner_admin, mailoutbox
):
    from events.notifications import mail_co_organizer_named

    invitation_id = invitation.pk
    decline_co_organization(invitation, by=partner_admin)
    mail_co_organizer_named.call(invitation_id=invitation_id, language="en")
    invitation.delete()
    mail_co_organizer_named.call(invitation_id=invitation_id, language="en")

    assert mailoutbox == []
