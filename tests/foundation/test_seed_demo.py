import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from commemoration.models import Commemoration
from events.models import Event, ModerationRecord
from organizations.models import Membership, Organization

pytestmark = pytest.mark.django_db


def counts():
    return {
        "commemorations": Commemoration.objects.count(),
        "organizations": Organization.objects.count(),
        "events": Event.objects.count(),
        "records": ModerationRecord.objects.count(),
        "memberships": Membership.objects.count(),
        "statuses": {s: Event.objects.filter(status=s).count() for s in Event.Status},
    }


def test_seed_demo_twice_leaves_the_same_counts(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")

    assert counts() == first
    assert "committee / committee-demo-2024" in capsys.readouterr().out


def test_seed_demo_covers_every_state_kind_and_many_countries(mailoutbox):
    call_command("seed_demo")

    commemoration = Commemoration.objects.get()
    assert (commemoration.anchor_date.isoformat(), commemoration.is_current) == ("2024-01-21", True)
    assert commemoration.appeal.startswith("Appeal for the commemoration")
    assert commemoration.appeal.rstrip().endswith("(CIPOML)")
    assert 55 <= Event.objects.count() <= 65
    assert all(Event.objects.filter(status=s).exists() for s in Event.Status)
    assert set(Organization.objects.values_list("kind", flat=True)) == set(Organization.Kind)
    assert Organization.objects.values("country").distinct().count() >= 8
    assert Event.objects.values("timezone").distinct().count() >= 8
    assert all("Sample" in name for name in Organization.objects.values_list("name", flat=True))
    assert Event.objects.filter(local_date="2024-01-21").exists()
    assert mailoutbox == []


# Committed for real, as on a developer's machine: the notifications run after the commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_demo_leaves_nothing_in_the_mail_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command("seed_demo")

    assert ModerationRecord.objects.exists()
    assert DBTaskResult.objects.count() == 0


def test_seed_demo_accounts_log_in_with_the_printed_passwords():
    call_command("seed_demo")

    committee = authenticate(username="committee", password="committee-demo-2024")
    member = authenticate(username="member", password="member-demo-2024")

    assert committee.is_staff and committee.has_perm("events.moderate_event")
    assert not committee.is_superuser
    assert not member.is_staff
    assert member.memberships.get().organization.slug == "sample-party-ec"


def test_seed_demo_refuses_to_run_on_a_live_site(settings):
    from django.core.management.base import CommandError

    settings.ALLOW_DEMO_DATA = False

    with pytest.raises(CommandError, match="passwords are published"):
        call_command("seed_demo")

    assert not Event.objects.exists()
    assert not Organization.objects.exists()
