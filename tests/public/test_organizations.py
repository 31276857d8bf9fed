"""The public directory: parties apart, by country, filter by kind; an organization's page."""

import pytest

from organizations.models import Organization
from tests.factories import CoOrganizerFactory, EventFactory, OrganizationFactory, local
from tests.public.conftest import S, card_titles, listed_titles


@pytest.fixture
def directory(db):
    party_fr = OrganizationFactory(name="Workers' Party", slug="wp", country="FR", kind="party")
    return {
        "party_fr": party_fr,
        "party_ec": OrganizationFactory(name="Labour Party", slug="lp", country="EC"),
        "youth_fr": OrganizationFactory(
            name="Young Communists", slug="yc", country="FR", kind="youth", parent=party_fr
        ),
        "union_de": OrganizationFactory(name="Metal Union", slug="mu", country="DE", kind="union"),
    }


def names(groups):
    return [(country, [o.name for o in organizations]) for country, organizations in groups]


def test_directory_shows_parties_apart_grouped_by_country(client, directory):
    response = client.get("/organizations/")
    assert names(response.context["parties_by_country"]) == [
        ("Ecuador", ["Labour Party"]),
        ("France", ["Workers' Party"]),
    ]
    assert names(response.context["others_by_country"]) == [
        ("France", ["Young Communists"]),
        ("Germany", ["Metal Union"]),
    ]
    content = response.content.decode()
    assert content.index("Parties") < content.index("Labour Party")
    assert content.index("Workers&#x27; Party") < content.index("Other organizations")
    assert content.index("Other organizations") < content.index("Metal Union")


def test_directory_filters_by_kind(client, directory):
    response = client.get("/organizations/", {"kind": "union"})
    assert response.context["parties_by_country"] == []
    assert names(response.context["others_by_country"]) == [("Germany", ["Metal Union"])]
    assert "1 organization" in response.content.decode()


def test_directory_with_unknown_kind_shows_the_error(client, directory):
    response = client.get("/organizations/", {"kind": "club"})
    assert response.status_code == 200
    assert response.context["count"] == 0
    content = response.content.decode()
    assert "Select a valid choice. club is not one of the available choices." in content
    assert "Correct the filter to see the organizations." in content


def test_directory_never_shows_contact_emails(client, directory):
    content = client.get("/organizations/").content.decode()
    for organization in Organization.objects.all():
        assert organization.contact_email not in content


def test_organization_page_lists_hosted_and_co_organized_public_events(
    client, commemoration, directory
):
    party = directory["party_fr"]
    EventFactory(
        commemoration=commemoration,
        organization=party,
        title="Hosted 2024 lecture",
        starts_at=local(2024, 1, 21, 18, zone="Europe/Paris"),
        status=S.APPROVED,
    )
    co_organized = EventFactory(
        commemoration=commemoration,
        organization=directory["union_de"],
        title="Co-organized 2024 rally",
        starts_at=local(2024, 1, 20, 11, zone="Europe/Paris"),
        status=S.APPROVED,
    )
    CoOrganizerFactory(event=co_organized, organization=party)
    EventFactory(
        commemoration=commemoration,
        organization=party,
        title="Coming 2099 congress",
        starts_at=local(2099, 1, 21, 10, zone="Europe/Paris"),
        status=S.APPROVED,
    )
    EventFactory(commemoration=commemoration, organization=party, title="Draft", status=S.DRAFT)
    EventFactory(
        commemoration=commemoration,
        organization=directory["union_de"],
        title="Not theirs",
        status=S.APPROVED,
    )
    response = client.get(party.get_absolute_url())
    assert card_titles(response.context["upcoming"]) == ["Coming 2099 congress"]
    assert card_titles(response.context["past"]) == [
        "Hosted 2024 lecture",
        "Co-organized 2024 rally",
    ]
    assert listed_titles(response) == [
        "Coming 2099 congress",
        "Hosted 2024 lecture",
        "Co-organized 2024 rally",
    ]


def test_organization_page_lists_its_sub_organizations_and_parent(client, directory):
    party = client.get("/organizations/wp/").content.decode()
    assert '<a href="/organizations/yc/">Young Communists</a>' in party
    youth = client.get("/organizations/yc/").content.decode()
    assert 'Part of <a href="/organizations/wp/">Workers&#x27; Party</a>' in youth


def test_organization_page_never_shows_contact_email(client, directory):
    party = directory["party_fr"]
    assert party.contact_email not in client.get(party.get_absolute_url()).content.decode()


def test_unknown_organization_is_404(client, directory):
    assert client.get("/organizations/nobody/").status_code == 404
