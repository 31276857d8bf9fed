"""The daily reminders: the committee's digest of what waited too long, and each
organization admin's unsent drafts of the coming two weeks; nothing twice a day."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from organizations.models import Membership
from tests.factories import EventFactory, MembershipFactory, UserFactory

S = Event.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def situation(organization, moderator):
    now = timezone.now()
    old = EventFactory(organization=organization, title="Waited three days", status=S.SUBMITTED)
    Event.objects.filter(pk=old.pk).update(submitted_at=now - datetime.timedelta(days=3))
    fresh = EventFactory(organization=organization, title="Just sent", status=S.SUBMITTED)
    Event.objects.filter(pk=fresh.pk).update(submitted_at=now - datetime.timedelta(hours=2))
    soon = now + datetime.timedelta(days=5)
    EventFactory(
        organization=organization,
        title="Draft next week",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
    )
    later = now + datetime.timedelta(days=40)
    EventFactory(
        organization=organization,
        title="Draft next month",
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
    )
    dora = UserFactory(username="dora", email="dora@example.org")
    MembershipFactory(user=dora, organization=organization, role=Membership.Role.ADMIN)
    # A plain member is not reminded of the organization's drafts.
    MembershipFactory(user=UserFactory(username="erik"), organization=organization)
    return old


def test_the_committee_and_the_admins_get_their_reminders_once_a_day(
    situation, mailoutbox, moderator
):
    output = io.StringIO()
    call_command("send_reminders", stdout=output)

    assert output.getvalue() == (
        "Reminders queued: 1 to the committee, 1 to organization admins.\n"
    )
    by_address = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_address) == ["carol@example.org", "dora@example.org"]
    digest = by_address["carol@example.org"]
    assert digest.subject == "1 event waits for moderation"
    assert "Waited three days" in digest.body
    assert "Just sent" not in digest.body
    assert f"/admin/events/event/{situation.pk}/change/" in digest.body
    drafts = by_address["dora@example.org"]
    assert drafts.subject == "Drafts that nobody has submitted yet"
    assert "Draft next week" in drafts.body
    assert "Draft next month" not in drafts.body

    call_command("send_reminders", stdout=io.StringIO())

    assert len(mailoutbox) == 2  # nothing sent twice the same day
