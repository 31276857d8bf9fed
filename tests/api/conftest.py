"""API callers: anonymous, Alice (member) and Bob (outsider) with tokens, Carol (committee)."""

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Event
from tests.factories import CommemorationFactory, EventFactory

EVENTS = "/api/v1/events/"


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def anon(db):
    return APIClient()


@pytest.fixture
def alice_api(member):
    return token_client(member)


@pytest.fixture
def bob_api(outsider):
    return token_client(outsider)


@pytest.fixture
def carol_api(moderator):
    return token_client(moderator)


@pytest.fixture
def public_event(organization, commemoration):
    return EventFactory(
        organization=organization, commemoration=commemoration, status=Event.Status.APPROVED
    )


@pytest.fixture
def earlier_commemoration(db):
    return CommemorationFactory(
        slug="october-centenary",
        title="Centenary of October",
        anchor_date=datetime.date(2017, 11, 7),
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2017, 12, 31),
        is_current=False,
    )


def ids(response):
    """The ids of a list answer's results, in order."""
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def public_event_days_after(event, days, **fields):
    """A public event starting `days` days after `event` (before it when negative)."""
    shift = datetime.timedelta(days=days)
    return EventFactory(
        status=Event.Status.APPROVED,
        starts_at=event.starts_at + shift,
        ends_at=event.ends_at + shift,
        **fields,
    )
