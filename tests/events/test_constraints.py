"""Rules the database itself enforces, whatever code writes the row."""

import datetime
import os
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from events.models import Event
from tests.factories import EventFactory, local

pytestmark = pytest.mark.django_db


def test_tests_run_on_the_database_named_by_database_url():
    # CI runs the suite once with a postgres:// DATABASE_URL; a silent fall-back to SQLite
    # would leave the PostgreSQL constraints untested.
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_database_refuses_event_that_ends_before_it_starts():
    event = EventFactory.build(
        starts_at=local(2024, 1, 21, 18, zone="Europe/Paris"),
        ends_at=local(2024, 1, 21, 17, zone="Europe/Paris"),
    )
    event.commemoration.save()
    event.organization.save()

    with pytest.raises(IntegrityError, match="event_ends_after_start"):
        event.save()


def test_database_refuses_update_that_moves_end_before_start():
    event = EventFactory()

    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at - datetime.timedelta(1))


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(Decimal("91"), Decimal("0")), (Decimal("0"), Decimal("-181")), (Decimal("10"), None)],
)
def test_database_refuses_coordinates_out_of_range_or_alone(latitude, longitude):
    event = EventFactory()

    with pytest.raises(IntegrityError, match="event_coordinates_pair_in_range"):
        Event.objects.filter(pk=event.pk).update(latitude=latitude, longitude=longitude)


def test_event_slugs_are_unique():
    first = EventFactory(title="Study circle")
    second = EventFactory(title="Study circle")

    assert (first.slug, second.slug) == ("study-circle", "study-circle-2")
    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=second.pk).update(slug=first.slug)


def test_local_date_is_the_date_in_the_events_own_zone():
    tokyo = EventFactory(timezone="Asia/Tokyo", starts_at=local(2024, 1, 21, 0, 30, "Asia/Tokyo"))
    los_angeles = EventFactory(
        timezone="America/Los_Angeles", starts_at=local(2024, 1, 20, 23, 30, "America/Los_Angeles")
    )

    assert tokyo.local_date == datetime.date(2024, 1, 21)
    assert tokyo.starts_at.astimezone(datetime.UTC).date() == datetime.date(2024, 1, 20)
    assert los_angeles.local_date == datetime.date(2024, 1, 20)
    assert los_angeles.starts_at.astimezone(datetime.UTC).date() == datetime.date(2024, 1, 21)


def test_validation_names_unknown_zone_and_languages():
    event = EventFactory.build(
        timezone="Mars/Olympus",
        starts_at=local(2024, 1, 21, 18),
        ends_at=local(2024, 1, 21, 20),
        languages=["xx"],
    )

    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["commemoration", "organization"])

    assert set(error.value.message_dict) >= {"timezone", "languages"}


def test_validation_requires_at_least_one_language():
    event = EventFactory.build(languages=[])

    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["commemoration", "organization"])

    assert "languages" in error.value.message_dict


def test_validation_requires_a_place_or_an_online_link():
    nowhere = EventFactory.build(venue="", address="", city="", online_url="")
    online = EventFactory.build(
        venue="", address="", city="", online_url="https://meet.example.org/"
    )

    with pytest.raises(ValidationError) as error:
        nowhere.full_clean(exclude=["commemoration", "organization"])
    online.full_clean(exclude=["commemoration", "organization"])

    assert error.value.messages == [
        "Give the event's place (at least its city) or its online link."
    ]
