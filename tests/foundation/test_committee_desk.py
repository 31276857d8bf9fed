"""A committee member does the whole job in the admin with the group's permissions alone:
organizations, their memberships and the commemorations, besides moderation."""

import datetime

import pytest

from commemoration.models import Commemoration
from organizations.models import Membership, Organization
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ORGANIZATION_ADMIN = "/admin/organizations/organization/"


def organization_data(organization, *memberships, new=()):
    """The organization's change form as posted: existing memberships, then new ones."""
    rows = [*memberships, *new]
    data = {
        "name": organization.name,
        "short_name": organization.short_name,
        "slug": organization.slug,
        "kind": organization.kind,
        "country": organization.country.code,
        "city": organization.city,
        "website": organization.website,
        "description": organization.description,
        "parent": "",
        "contact_email": organization.contact_email,
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "_save": "Save",
    }
    for i, row in enumerate(rows):
        data.update({f"memberships-{i}-{key}": value for key, value in row.items()})
    return data


def test_committee_member_adds_a_member_by_user_name(moderator_client, organization, member):
    dora = UserFactory(username="dora@example.org")
    existing = Membership.objects.get(user=member, organization=organization)

    response = moderator_client.post(
        f"{ORGANIZATION_ADMIN}{organization.pk}/change/",
        organization_data(
            organization,
            {"id": existing.pk, "organization": organization.pk, "user": "alice", "role": "admin"},
            new=[{"organization": organization.pk, "user": "dora@example.org", "role": "member"}],
        ),
    )

    assert response.status_code == 302
    assert set(
        Membership.objects.filter(organization=organization).values_list("user__username", "role")
    ) == {("alice", "admin"), ("dora@example.org", "member")}
    assert dora.memberships.count() == 1


def test_an_unknown_user_name_is_refused_and_nothing_added(moderator_client, organization):
    response = moderator_client.post(
        f"{ORGANIZATION_ADMIN}{organization.pk}/change/",
        organization_data(
            organization,
            new=[{"organization": organization.pk, "user": "nobody", "role": "member"}],
        ),
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [{"user": ["No account has this user name."]}]
    assert 'value="nobody"' in response.content.decode()
    assert not Membership.objects.filter(organization=organization).exists()


def test_membership_rows_show_the_user_name(moderator_client, organization, member):
    content = moderator_client.get(f"{ORGANIZATION_ADMIN}{organization.pk}/change/").content

    assert b'name="memberships-0-user" value="alice"' in content


def test_committee_member_adds_an_organization(moderator_client):
    response = moderator_client.post(
        f"{ORGANIZATION_ADMIN}add/",
        {
            "name": "Sample Youth League of Chile",
            "slug": "sample-youth-cl",
            "kind": "youth",
            "country": "CL",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    created = Organization.objects.get(slug="sample-youth-cl")
    assert (created.name, created.kind, created.country.code) == (
        "Sample Youth League of Chile",
        "youth",
        "CL",
    )


def test_committee_member_adds_the_next_commemoration(moderator_client, commemoration):
    response = moderator_client.post(
        "/admin/commemoration/commemoration/add/",
        {
            "title": "Bicentenary of the Paris Commune",
            "slug": "paris-commune-200",
            "anchor_date": "2071-03-18",
            "starts_on": "2071-03-01",
            "ends_on": "2071-05-31",
            "appeal": "",
            "issued_by": "",
            "is_current": "on",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    new = Commemoration.objects.get(slug="paris-commune-200")
    assert new.anchor_date == datetime.date(2071, 3, 18)
    assert Commemoration.objects.current() == new
    commemoration.refresh_from_db()
    assert commemoration.is_current is False


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/group/add/",
        "/admin/authtoken/tokenproxy/",
        "/admin/autocomplete/?app_label=organizations&model_name=membership&field_name=user",
    ],
)
def test_committee_member_cannot_reach_accounts_groups_or_tokens(moderator_client, url):
    assert moderator_client.get(url).status_code == 403
