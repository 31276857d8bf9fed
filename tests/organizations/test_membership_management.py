"""An organization's admins, and the committee, answer requests and manage members;
nobody else can, and another organization's people answer 404."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from organizations import services
from organizations.models import JoinRequest, Membership
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def org_admin(organization):
    """Dora administers Alice's organization."""
    return MembershipFactory(
        organization=organization, role=Membership.Role.ADMIN, user=UserFactory(username="dora")
    ).user


@pytest.fixture
def admin_client(org_admin):
    client = Client()
    client.force_login(org_admin)
    return client


@pytest.fixture
def join_request(organization):
    return JoinRequest.objects.create(
        user=UserFactory(username="eva", first_name="Eva"), organization=organization
    )


def test_admin_sees_requests_and_members_of_the_organization(
    admin_client, organization, member, org_admin, join_request
):
    response = admin_client.get("/accounts/organizations/workers-party/members/")
    assert list(response.context["requests"]) == [join_request]
    assert [m.user for m in response.context["memberships"]] == [org_admin, member]
    page = response.content.decode()
    assert "Eva &lt;eva@example.org&gt;" in page
    assert f'action="/accounts/requests/{join_request.pk}/accept/"' in page

    response = admin_client.get("/accounts/members/")
    assert [(o.name, o.pending, o.members) for o in response.context["organizations"]] == [
        ("Workers' Party", 1, 2)
    ]


def test_admin_accepts_a_request(admin_client, organization, org_admin, join_request):
    response = admin_client.post(f"/accounts/requests/{join_request.pk}/accept/", follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Eva is now a member."]
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == ("accepted", org_admin)
    assert join_request.decided_at is not None
    membership = Membership.objects.get(user=join_request.user)
    assert (membership.organization, membership.role) == (organization, "member")


def test_admin_declines_a_request(admin_client, join_request):
    admin_client.post(f"/accounts/requests/{join_request.pk}/decline/")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=join_request.user).exists()


def test_an_answered_request_cannot_be_answered_again(admin_client, join_request):
    admin_client.post(f"/accounts/requests/{join_request.pk}/decline/", follow=True)
    response = admin_client.post(f"/accounts/requests/{join_request.pk}/accept/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This request has already been answered."
    ]
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=join_request.user).exists()


def test_committee_member_answers_any_organizations_request(
    moderator_client, moderator, join_request
):
    response = moderator_client.get("/accounts/members/")
    assert [o.slug for o in response.context["organizations"]] == ["workers-party"]
    moderator_client.post(f"/accounts/requests/{join_request.pk}/accept/")
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == ("accepted", moderator)


def test_plain_member_cannot_manage_the_organization(member_client, organization, join_request):
    response = member_client.get("/accounts/organizations/workers-party/members/")
    assert response.status_code == 404
    response = member_client.post(f"/accounts/requests/{join_request.pk}/accept/")
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert list(member_client.get("/accounts/members/").context["organizations"]) == []


def test_admin_of_another_organization_cannot_touch_this_one(
    client, other_organization, organization, member, join_request
):
    other_admin = MembershipFactory(
        organization=other_organization, role=Membership.Role.ADMIN
    ).user
    client.force_login(other_admin)
    membership = Membership.objects.get(user=member)

    assert client.get("/accounts/organizations/workers-party/members/").status_code == 404
    assert client.post(f"/accounts/requests/{join_request.pk}/accept/").status_code == 404
    assert client.post(f"/accounts/requests/{join_request.pk}/decline/").status_code == 404
    response = client.post(f"/accounts/memberships/{membership.pk}/role/", {"role": "admin"})
    assert response.status_code == 404
    assert client.post(f"/accounts/memberships/{membership.pk}/remove/").status_code == 404

    join_request.refresh_from_db()
    membership.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert membership.role == Membership.Role.MEMBER
    with pytest.raises(PermissionDenied):
        services.join_request_accept(join_request, by=other_admin)


def test_admin_makes_a_member_admin_and_removes_another(
    admin_client, organization, member, outsider
):
    membership = Membership.objects.get(user=member)
    admin_client.post(f"/accounts/memberships/{membership.pk}/role/", {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN

    response = admin_client.post(f"/accounts/memberships/{membership.pk}/remove/")
    assert response["Location"] == "/accounts/organizations/workers-party/members/"
    assert not Membership.objects.filter(user=member, organization=organization).exists()
    assert Membership.objects.filter(user=outsider).exists()


def test_an_unknown_role_is_refused(admin_client, member):
    membership = Membership.objects.get(user=member)
    response = admin_client.post(
        f"/accounts/memberships/{membership.pk}/role/", {"role": "owner"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Choose a role from the list."]
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_the_last_admin_can_neither_step_down_nor_be_removed(admin_client, org_admin):
    membership = Membership.objects.get(user=org_admin)
    response = admin_client.post(
        f"/accounts/memberships/{membership.pk}/role/", {"role": "member"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "The organization must keep at least one admin."
    ]
    admin_client.post(f"/accounts/memberships/{membership.pk}/remove/")
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


@pytest.mark.parametrize(
    "path", ["requests/{request}/accept/", "requests/{request}/decline/", "memberships/{m}/remove/"]
)
def test_membership_changes_refuse_get(admin_client, join_request, member, path):
    membership = Membership.objects.get(user=member)
    url = "/accounts/" + path.format(request=join_request.pk, m=membership.pk)
    assert admin_client.get(url).status_code == 405
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("path", ["/accounts/members/", "/accounts/organizations/{slug}/members/"])
def test_member_lists_refuse_post(admin_client, organization, join_request, path):
    response = admin_client.post(path.format(slug=organization.slug), {"role": "admin"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
