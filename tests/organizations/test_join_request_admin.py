"""The committee answers join requests in the admin through the same service."""

import pytest

from organizations.models import JoinRequest, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/organizations/joinrequest/"


def test_committee_accepts_a_join_request_in_admin(
    moderator_client, moderator, organization, mailoutbox, django_capture_on_commit_callbacks
):
    dora = UserFactory(username="dora", email="dora@example.org")
    request = JoinRequest.objects.create(user=dora, organization=organization, message="Hello")

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            CHANGELIST, {"action": "accept_selected", "_selected_action": [request.pk]}, follow=True
        )

    assert "1 request answered." in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (JoinRequest.Status.ACCEPTED, moderator)
    assert Membership.objects.filter(user=dora, organization=organization).exists()
    assert [m.to for m in mailoutbox] == [["dora@example.org"]]


def test_committee_declines_a_join_request_in_admin(moderator_client, organization):
    dora = UserFactory(username="dora")
    request = JoinRequest.objects.create(user=dora, organization=organization)

    moderator_client.post(
        CHANGELIST, {"action": "decline_selected", "_selected_action": [request.pk]}
    )

    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=dora).exists()


def test_answered_request_cannot_be_answered_again_in_admin(moderator_client, organization):
    dora = UserFactory(username="dora")
    request = JoinRequest.objects.create(
        user=dora, organization=organization, status=JoinRequest.Status.DECLINED
    )

    response = moderator_client.post(
        CHANGELIST, {"action": "accept_selected", "_selected_action": [request.pk]}, follow=True
    )

    assert "already been answered" in response.content.decode()
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=dora).exists()


def test_status_cannot_be_edited_by_hand(moderator_client, organization):
    request = JoinRequest.objects.create(
        user=UserFactory(username="dora"), organization=organization
    )

    moderator_client.post(f"{CHANGELIST}{request.pk}/change/", {"status": "accepted"})

    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING
    assert not Membership.objects.filter(user=request.user).exists()
