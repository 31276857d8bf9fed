"""Each right of the member area, and each way it could be broken.

Alice (member) belongs to the organization; Bob (outsider) to another one; Carol sits on
the committee. Another organization's event answers 404, as if it did not exist, and
nothing about it changes.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from events.models import Event
from events.services import approve_event
from organizations.models import JoinRequest, Membership
from tests.factories import EventFactory, MembershipFactory, UserFactory

S = Event.Status


@pytest.fixture
def others_event(other_organization, commemoration):
    return EventFactory(
        organization=other_organization, commemoration=commemoration, title="Their lecture"
    )


@pytest.mark.parametrize("path", ["", "edit/", "duplicate/", "cancel/"])
def test_member_cannot_see_other_organizations_event(member_client, others_event, path):
    response = member_client.get(f"/my/events/{others_event.pk}/{path}")
    assert response.status_code == 404
    assert "Their lecture" not in response.content.decode()


def test_member_cannot_edit_other_organizations_event(
    member_client, others_event, event_form_data, organization
):
    response = member_client.post(
        f"/my/events/{others_event.pk}/edit/", event_form_data(title="Taken over")
    )
    assert response.status_code == 404
    others_event.refresh_from_db()
    assert others_event.title == "Their lecture"
    assert others_event.organization != organization


def test_member_cannot_submit_other_organizations_event(member_client, others_event):
    response = member_client.post(f"/my/events/{others_event.pk}/submit/")
    assert response.status_code == 404
    others_event.refresh_from_db()
    assert others_event.status == S.DRAFT
    assert others_event.moderation_records.count() == 0


def test_member_cannot_cancel_or_withdraw_other_organizations_event(member_client, others_event):
    Event.objects.filter(pk=others_event.pk).update(status=S.APPROVED)
    response = member_client.post(f"/my/events/{others_event.pk}/cancel/", {"reason": "Mine now"})
    assert response.status_code == 404
    response = member_client.post(f"/my/events/{others_event.pk}/withdraw/")
    assert response.status_code == 404
    others_event.refresh_from_db()
    assert others_event.status == S.APPROVED
    assert others_event.cancellation_reason == ""
    assert others_event.moderation_records.count() == 0


def test_member_cannot_duplicate_other_organizations_event(
    member_client, others_event, event_form_data
):
    response = member_client.post(f"/my/events/{others_event.pk}/duplicate/", event_form_data())
    assert response.status_code == 404
    assert list(Event.objects.all()) == [others_event]


def test_member_area_lists_only_the_members_organizations_events(
    member_client, organization, others_event, commemoration
):
    own = EventFactory(organization=organization, commemoration=commemoration, title="Ours")
    response = member_client.get("/my/")
    assert [[e.pk for e in events] for _, _, events in response.context["groups"]] == [[own.pk]]
    assert "Their lecture" not in response.content.decode()


def test_member_cannot_register_an_event_for_another_organization(
    member_client, other_organization, event_form_data
):
    response = member_client.post(
        "/my/events/new/", event_form_data(organization=other_organization.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert Event.objects.count() == 0


def test_pending_member_cannot_register_or_submit_an_event(client, organization, event_form_data):
    person = UserFactory(username="pending")
    JoinRequest.objects.create(user=person, organization=organization)
    client.force_login(person)

    response = client.get("/my/events/new/")
    assert response.status_code == 403
    assert "as soon as its admins accept your request" in response.content.decode()
    response = client.post("/my/events/new/", event_form_data(action="submit"))
    assert response.status_code == 403
    assert Event.objects.count() == 0


def test_declined_person_cannot_register_an_event(client, organization, event_form_data):
    person = UserFactory(username="declined")
    JoinRequest.objects.create(
        user=person, organization=organization, status=JoinRequest.Status.DECLINED
    )
    client.force_login(person)
    response = client.post("/my/events/new/", event_form_data(action="submit"))
    assert response.status_code == 403
    assert Event.objects.count() == 0


def test_member_cannot_approve_in_the_admin(member_client, organization, commemoration):
    event = EventFactory(organization=organization, commemoration=commemoration, status=S.SUBMITTED)
    response = member_client.post(
        "/admin/events/event/", {"action": "approve_selected", "_selected_action": [event.pk]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    assert list(Event.objects.public()) == []


def test_staff_organization_admin_off_the_committee_cannot_approve_own_event(
    organization, commemoration
):
    staff_admin = MembershipFactory(
        organization=organization,
        role=Membership.Role.ADMIN,
        user=UserFactory(username="staffer", is_staff=True),
    ).user
    event = EventFactory(organization=organization, commemoration=commemoration, status=S.SUBMITTED)
    client = Client()
    client.force_login(staff_admin)
    response = client.post(
        "/admin/events/event/", {"action": "approve_selected", "_selected_action": [event.pk]}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        approve_event(event, by=staff_admin)
    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    assert event.moderation_records.count() == 0


def test_member_area_has_no_way_to_approve(member_client, organization, commemoration):
    event = EventFactory(organization=organization, commemoration=commemoration, status=S.SUBMITTED)
    response = member_client.get(f"/my/events/{event.pk}/")
    page = response.content.decode()
    # No button or link that approves (the footer may still mention approved events).
    assert "approve/" not in page
    assert ">approve<" not in page.lower()
    assert 'value="approve' not in page.lower()
    with pytest.raises(PermissionDenied):
        approve_event(event, by=response.wsgi_request.user)
    event.refresh_from_db()
    assert event.status == S.SUBMITTED


def test_submit_refuses_get(member_client, organization, commemoration):
    # Withdraw answers GET with its confirmation page: tests/members/test_confirmations.py.
    event = EventFactory(organization=organization, commemoration=commemoration)
    response = member_client.get(f"/my/events/{event.pk}/submit/")
    assert response.status_code == 405
    event.refresh_from_db()
    assert event.status == S.DRAFT


@pytest.mark.parametrize("path", ["/my/", "/my/events/new/"])
def test_anonymous_visitor_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", ["/my/", "/my/events/{pk}/"])
def test_member_pages_that_only_show_refuse_post(member_client, organization, commemoration, path):
    event = EventFactory(organization=organization, commemoration=commemoration, title="Ours")
    response = member_client.post(path.format(pk=event.pk), {"title": "Changed"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    event.refresh_from_db()
    assert (event.title, event.status) == ("Ours", S.DRAFT)
