"""Named people, as in every test of this project: a member of an organization, a member
of another organization, an admin of that other organization, a committee moderator, and an
anonymous visitor."""

import pytest

from organizations.models import Membership
from tests.factories import (
    CommemorationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    committee_member,
)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request answered in another
    language leaves it active in the thread, and factories name things with lazy labels."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: nothing kept by another test's data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def commemoration(db):
    return CommemorationFactory()


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Workers' Party", slug="workers-party", country="FR")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Other Party", slug="other-party", country="DE")


@pytest.fixture
def member(organization):
    """Alice belongs to the organization."""
    return MembershipFactory(user=UserFactory(username="alice"), organization=organization).user


@pytest.fixture
def outsider(other_organization):
    """Bob belongs to another organization and should have no access to Alice's events."""
    return MembershipFactory(user=UserFactory(username="bob"), organization=other_organization).user


@pytest.fixture
def partner_admin(other_organization):
    """Dana is an admin of the Other Party, which the Workers' Party names co-organizer."""
    return MembershipFactory(
        user=UserFactory(username="dana"),
        organization=other_organization,
        role=Membership.Role.ADMIN,
    ).user


@pytest.fixture
def moderator(db):
    """Carol sits on the coordinating committee."""
    return committee_member(username="carol")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
