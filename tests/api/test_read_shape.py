"""The event serializers write their answers directly, for speed; the declared fields are
the schema. These tests hold the two equal: for every kind of event, what the direct
writing gives is what DRF's generic field-by-field writing of the declared fields gives."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from events.models import Event, EventReport
from events.serializers import EventCreatedSerializer, EventDetailSerializer, EventSerializer
from organizations.serializers import OrganizationSummarySerializer
from tests.api.test_event_representation import GIF
from tests.factories import (
    CoOrganizerFactory,
    EventFactory,
    EventReportFactory,
    EventTranslationFactory,
    OrganizationFactory,
    local,
    weekly_series,
)


def generic(serializer, instance):
    """The answer DRF writes from the declared fields, one field at a time."""
    return serializers.Serializer.to_representation(serializer, instance)


@pytest.fixture
def request_(db):
    return Request(APIRequestFactory().get("/api/v1/events/", HTTP_HOST="localhost"))


@pytest.fixture
def events(organization, commemoration, member):
    partner = OrganizationFactory(name="Союз молодёжи", slug="youth", kind="youth", country="RU")
    online = OrganizationFactory(name="Online Left", slug="online-left", country="")
    full = EventFactory(
        organization=organization,
        commemoration=commemoration,
        status=Event.Status.APPROVED,
        title="Wreath, laying; «100»",
        timezone="Europe/Paris",
        starts_at=local(2024, 1, 21, 18, 0, "Europe/Paris"),
        ends_at=local(2024, 1, 21, 20, 30, "Europe/Paris"),
        country="FR",
        latitude=Decimal("48.853000"),
        longitude=Decimal("-2.369000"),
        online_url="https://stream.example.org/live",
        languages=["fr", "en"],
        poster=SimpleUploadedFile("poster.gif", GIF, content_type="image/gif"),
    )
    CoOrganizerFactory(event=full, organization=partner)
    EventTranslationFactory(event=full, language="es", title="Ofrenda floral")
    report = EventReportFactory(event=full, status=EventReport.Status.APPROVED)
    report.photos.create(image=SimpleUploadedFile("photo.gif", GIF, content_type="image/gif"))
    bare = EventFactory(
        organization=online,
        commemoration=commemoration,
        status=Event.Status.CANCELLED,
        cancellation_reason="Rain.",
        country="",
        online_url="",
        languages=[],
        # Paris before 1911 had an offset with seconds, which is written in UTC.
        timezone="Europe/Paris",
        starts_at=datetime.datetime(1900, 1, 21, 12, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(1900, 1, 21, 14, 0, tzinfo=datetime.UTC),
    )
    series = weekly_series(by=member, organization=organization, commemoration=commemoration)
    draft_report = EventReportFactory(event__organization=organization)
    ids = [full.pk, bare.pk, series.events.first().pk, draft_report.event_id]
    return list(Event.objects.filter(pk__in=ids).with_related().order_by("pk"))


@pytest.mark.parametrize("serializer_class", [EventSerializer, EventDetailSerializer])
def test_each_event_is_written_as_its_declared_fields_write_it(serializer_class, events, request_):
    for event in events:
        direct = serializer_class(event, context={"request": request_}).data
        declared = generic(serializer_class(context={"request": request_}), event)

        assert direct == declared
        assert list(direct) == list(serializer_class.Meta.fields)


def test_a_list_is_written_as_its_declared_fields_write_it(events, request_):
    direct = EventSerializer(events, many=True, context={"request": request_}).data
    declared = [generic(EventSerializer(context={"request": request_}), e) for e in events]

    assert [dict(row) for row in direct] == declared
    assert direct[0]["url"].startswith("http://localhost/events/")
    assert direct[0]["poster"].startswith("http://localhost/")
    assert direct[0]["co_organizers"][0]["name"] == "Союз молодёжи"
    assert direct[0]["report"]["photos"][0].startswith("http://localhost/")
    assert direct[1]["starts_at"] == "1900-01-21T12:00:00+00:00"


def test_a_new_series_answer_is_written_as_its_declared_fields_write_it(events, request_):
    event = events[2]
    event.series_count = 3

    direct = EventCreatedSerializer(event, context={"request": request_}).data

    assert direct == generic(EventCreatedSerializer(context={"request": request_}), event)
    assert direct["series_count"] == 3 and direct["recurrence"].startswith("FREQ=WEEKLY")


def test_an_organization_summary_is_written_as_its_declared_fields_write_it(events, request_):
    for organization in {e.organization for e in events}:
        summary = OrganizationSummarySerializer(context={"request": request_})

        assert summary.summary(organization) == generic(summary, organization)
