"""The committee and series in the admin: the event's page links its series and offers
"approve all" / "reject all in series", the series' page lists its events, and the event
list filters by series."""

import pytest

from events import series as series_service
from events import services
from events.models import Event, ModerationRecord
from tests.factories import EventFactory, local

S = Event.Status


@pytest.fixture
def series(organization, commemoration, member):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Study circle",
        starts_at=local(2024, 3, 1, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 1, 21, 0, "Europe/Paris"),
    )
    series = series_service.create_series(event=event, rule="FREQ=WEEKLY;COUNT=3", user=member)
    series_service.move_series(series, services.SUBMIT, by=member)
    return series


def series_move_url(event, code):
    return f"/admin/events/event/{event.pk}/series-move/{code}/"


def test_the_event_page_links_its_series_and_offers_the_series_moves(moderator_client, series):
    event = series.events.order_by("starts_at").first()
    page = moderator_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert f'href="/admin/events/series/{series.pk}/change/"' in page
    assert f'href="{series_move_url(event, "approve")}"' in page
    assert f'href="{series_move_url(event, "reject")}"' in page


def test_approve_all_in_series_approves_every_submitted_one_with_a_record_each(
    moderator_client, series, moderator
):
    event = series.events.order_by("starts_at").last()
    confirm = moderator_client.get(series_move_url(event, "approve"))
    assert confirm.status_code == 200
    assert set(series.events.values_list("status", flat=True)) == {S.SUBMITTED}

    response = moderator_client.post(series_move_url(event, "approve"))

    assert response.status_code == 302
    assert set(series.events.values_list("status", flat=True)) == {S.APPROVED}
    approvals = ModerationRecord.objects.filter(to_status=S.APPROVED)
    assert sorted(approvals.values_list("event_id", flat=True)) == sorted(
        series.events.values_list("pk", flat=True)
    )
    assert {record.actor for record in approvals} == {moderator}


def test_reject_all_in_series_needs_a_reason(moderator_client, series):
    event = series.events.order_by("starts_at").first()
    refused = moderator_client.post(series_move_url(event, "reject"), {"reason": ""})
    assert refused.status_code == 200
    assert set(series.events.values_list("status", flat=True)) == {S.SUBMITTED}

    moderator_client.post(series_move_url(event, "reject"), {"reason": "No venue given."})
    assert set(series.events.values_list("status", flat=True)) == {S.REJECTED}
    assert set(
        ModerationRecord.objects.filter(to_status=S.REJECTED).values_list("note", flat=True)
    ) == {"No venue given."}


def test_an_event_outside_a_series_has_no_series_moves(moderator_client, organization):
    event = EventFactory(organization=organization, status=S.SUBMITTED)
    assert moderator_client.get(series_move_url(event, "approve")).status_code == 404
    assert Event.objects.get(pk=event.pk).status == S.SUBMITTED


def test_the_series_page_lists_its_events(moderator_client, series):
    page = moderator_client.get(f"/admin/events/series/{series.pk}/change/").content.decode()
    assert "FREQ=WEEKLY;COUNT=3" in page
    for event in series.events.all():
        assert f'href="/admin/events/event/{event.pk}/change/"' in page
    listing = moderator_client.get("/admin/events/series/")
    assert listing.status_code == 200


def test_the_event_list_filters_by_series(moderator_client, series, organization):
    EventFactory(organization=organization, title="Alone")
    in_series = moderator_client.get("/admin/events/event/?series=yes")
    assert {e.pk for e in in_series.context["cl"].result_list} == set(
        series.events.values_list("pk", flat=True)
    )
    alone = moderator_client.get("/admin/events/event/?series=no")
    assert [e.title for e in alone.context["cl"].result_list] == ["Alone"]
    one = moderator_client.get(f"/admin/events/event/?series={series.pk}")
    assert len(one.context["cl"].result_list) == 3
