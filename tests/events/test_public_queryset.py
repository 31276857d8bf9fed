"""Event.objects.public() is the one rule of what the public may see."""

import pytest

from events.models import Event
from tests.factories import EventFactory, MembershipFactory

S = Event.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(organization):
    return {status: EventFactory(organization=organization, status=status) for status in S}


def test_public_is_approved_and_cancelled_only(one_of_each):
    public = set(Event.objects.public())

    assert public == {one_of_each[S.APPROVED], one_of_each[S.CANCELLED]}


def test_anonymous_visitor_sees_only_public_events(one_of_each):
    from django.contrib.auth.models import AnonymousUser

    visible = set(Event.objects.visible_to(AnonymousUser()))

    assert visible == {one_of_each[S.APPROVED], one_of_each[S.CANCELLED]}


def test_member_sees_all_of_their_organizations_events_and_public_others(
    member, one_of_each, other_organization
):
    others_draft = EventFactory(organization=other_organization, status=S.DRAFT)
    others_approved = EventFactory(organization=other_organization, status=S.APPROVED)

    visible = set(Event.objects.visible_to(member))

    assert visible == set(one_of_each.values()) | {others_approved}
    assert others_draft not in visible


def test_outsider_sees_only_public_events_of_another_organization(outsider, one_of_each):
    visible = set(Event.objects.visible_to(outsider))

    assert visible == {one_of_each[S.APPROVED], one_of_each[S.CANCELLED]}


def test_moderator_sees_every_event(moderator, one_of_each):
    assert set(Event.objects.visible_to(moderator)) == set(one_of_each.values())


def test_member_of_two_organizations_sees_each_event_once(member, other_organization):
    MembershipFactory(user=member, organization=other_organization)
    event = EventFactory(organization=other_organization, status=S.DRAFT)

    assert list(Event.objects.visible_to(member).filter(pk=event.pk)) == [event]
