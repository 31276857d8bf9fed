import datetime
import zoneinfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from commemoration.models import Commemoration
from events.models import CoOrganizer, Event, EventReport, EventTranslation
from organizations.models import Membership, Organization

COMMITTEE_GROUP = "Coordinating committee"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


def committee_member(**kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
    return user


class CommemorationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commemoration
        django_get_or_create = ["slug"]

    title = "Centenary of Lenin's death"
    slug = "lenin-centenary"
    anchor_date = datetime.date(2024, 1, 21)
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2024, 12, 31)
    appeal = "First paragraph of the appeal.\n\nSecond paragraph.\n\nThird paragraph."
    issued_by = "Coordinating Committee"
    is_current = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = Organization.Kind.PARTY
    country = "FR"
    city = "Paris"
    contact_email = factory.LazyAttribute(lambda o: f"private-{o.slug}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


class EventFactory(factory.django.DjangoModelFactory):
    """An event; pass status=... to place it directly in a state (no history written)."""

    class Meta:
        model = Event

    commemoration = factory.SubFactory(CommemorationFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    kind = Event.Kind.LECTURE
    summary = "A commemorative event."
    description = "Longer description."
    timezone = "Europe/Paris"
    starts_at = factory.LazyAttribute(
        lambda e: datetime.datetime(2024, 1, 21, 18, 0, tzinfo=zoneinfo.ZoneInfo(e.timezone))
    )
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=2))
    city = "Paris"
    country = "FR"
    languages = factory.LazyFunction(lambda: ["fr"])
    status = Event.Status.DRAFT


class CoOrganizerFactory(factory.django.DjangoModelFactory):
    """An organization named co-organizer of an event that has accepted (pass
    status=CoOrganizer.Status.PENDING for one still asked)."""

    class Meta:
        model = CoOrganizer

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = CoOrganizer.Status.ACCEPTED


def co_organizer_answers(event):
    """[(organization slug, answer)] of everyone the event names co-organizer."""
    return [(i.organization.slug, i.status) for i in event.co_organizer_invitations.all()]


class EventReportFactory(factory.django.DjangoModelFactory):
    """A report on an event; pass status=... to place it directly in a state."""

    class Meta:
        model = EventReport

    event = factory.SubFactory(EventFactory, status=Event.Status.APPROVED)
    participants = 100
    account = "The hall was full."
    status = EventReport.Status.DRAFT


def local(year, month, day, hour=0, minute=0, zone="UTC"):
    """An aware datetime given as local time in an IANA zone."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


class EventTranslationFactory(factory.django.DjangoModelFactory):
    """A shown translation; pass status=EventTranslation.Status.WAITING for one that waits."""

    class Meta:
        model = EventTranslation

    event = factory.SubFactory(EventFactory)
    language = "es"
    title = factory.Sequence(lambda n: f"Evento {n}")
    summary = "Resumen del evento."
    description = ""


def weekly_series(*, by, count=3, **fields):
    """A series of `count` Friday evenings from 1 March 2024, 19:00–21:00 in Paris, made
    through events.series by `by` (drafts), with the first event's `fields`."""
    from events import series  # noqa: PLC0415

    event = EventFactory(
        timezone="Europe/Paris",
        starts_at=local(2024, 3, 1, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 1, 21, 0, "Europe/Paris"),
        **fields,
    )
    return series.create_series(event=event, rule=f"FREQ=WEEKLY;COUNT={count}", user=by)
