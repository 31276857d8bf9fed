"""Small faults of the member area: empty options, own co-organizer, look-alike buttons,
doubled punctuation."""

import datetime
import re

from django.test import Client
from rest_framework.authtoken.models import Token

from organizations.models import JoinRequest, Membership
from tests.factories import MembershipFactory, UserFactory


def test_join_form_organization_menu_starts_with_a_prompt_not_dashes(client, organization):
    page = client.get("/accounts/join/").content.decode()
    assert "---------" not in page
    assert '<option value="" selected>Choose your organization</option>' in page


def test_event_and_import_forms_offer_no_dashes_when_the_member_has_two_organizations(
    member_client, member, other_organization
):
    MembershipFactory(organization=other_organization, user=member)

    event_form = member_client.get("/my/events/new/").content.decode()
    import_form = member_client.get("/my/import/").content.decode()

    for page in (event_form, import_form):
        assert "---------" not in page
        assert '<option value="">—</option>' not in page
        assert '<option value="" selected>Choose the organization</option>' in page
    blank_country = r'<option value=""( selected)?>No country: the event is only online</option>'
    assert re.search(blank_country, event_form)


def test_event_form_never_offers_the_organization_as_its_own_co_organizer(
    member_client, organization, other_organization
):
    page = member_client.get("/my/events/new/").content.decode()
    offered = set(re.findall(r'name="co_organizers" value="(\d+)"', page))
    assert offered == {str(other_organization.pk)}


def test_accept_and_decline_look_distinct(organization):
    admin = MembershipFactory(
        organization=organization, role=Membership.Role.ADMIN, user=UserFactory(username="dora")
    ).user
    JoinRequest.objects.create(user=UserFactory(username="eva"), organization=organization)
    client = Client()
    client.force_login(admin)
    page = client.get(f"/accounts/organizations/{organization.slug}/members/").content.decode()
    assert '<button type="submit" class="button">Accept</button>' in page
    assert '<button type="submit" class="button button-secondary">Decline</button>' in page


def test_token_page_prints_its_dates_without_doubled_punctuation(member_client, member):
    token = Token.objects.create(user=member)
    Token.objects.filter(pk=token.pk).update(
        created=datetime.datetime(2024, 1, 21, 2, 44, tzinfo=datetime.UTC)
    )
    page = member_client.get("/my/token/").content.decode()
    assert "Created on Jan. 21, 2024, 2:44 a.m." in page
    assert ".." not in re.sub(r"<[^>]+>", "", page).replace("...", "")
