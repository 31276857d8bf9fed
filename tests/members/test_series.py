"""The member area's series: "Repeat this event" with a preview, the series' dates and
its buttons on an occurrence's page, and "this and following" in the edit form."""

import datetime

import pytest

from events import series as series_service
from events import services
from events.models import Event, Series
from tests.factories import EventFactory, local

S = Event.Status


@pytest.fixture
def friday(organization, commemoration):
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Study circle",
        starts_at=local(2024, 3, 1, 19, 0, "Europe/Paris"),
        ends_at=local(2024, 3, 1, 21, 0, "Europe/Paris"),
    )


def repeat_url(event):
    return f"/my/events/{event.pk}/repeat/"


def test_the_event_page_offers_to_repeat_it(member_client, friday):
    response = member_client.get(f"/my/events/{friday.pk}/")
    assert repeat_url(friday).encode() in response.content


def test_the_repeat_form_previews_the_dates_and_saves_nothing(member_client, friday):
    response = member_client.post(
        repeat_url(friday),
        {
            "frequency": "WEEKLY",
            "interval": "1",
            "weekdays": ["FR"],
            "monthly_mode": "weekday",
            "count": "6",
            "action": "preview",
        },
    )

    assert response.status_code == 200
    dates = [start for start, error in response.context["dates"]]
    assert [d.date() for d in dates] == [datetime.date(2024, 3, d) for d in (1, 8, 15, 22, 29)] + [
        datetime.date(2024, 4, 5)
    ]
    assert {d.time() for d in dates} == {datetime.time(19, 0)}
    assert b"Create these events" in response.content
    assert Event.objects.count() == 1
    assert Series.objects.count() == 0


def test_the_repeat_form_creates_the_series(member_client, friday, member):
    response = member_client.post(
        repeat_url(friday),
        {
            "frequency": "MONTHLY",
            "interval": "1",
            "monthly_mode": "weekday",
            "until": "2024-06-30",
            "action": "create",
        },
    )

    assert response.status_code == 302
    series = Series.objects.get()
    assert series.rule == "FREQ=MONTHLY;BYDAY=1FR;UNTIL=20240630T235959"
    assert series.created_by == member
    assert [e.local_date for e in series.events.order_by("starts_at")] == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 4, 5),
        datetime.date(2024, 5, 3),
        datetime.date(2024, 6, 7),
    ]


def test_every_other_week_on_two_days(member_client, friday):
    member_client.post(
        repeat_url(friday),
        {
            "frequency": "WEEKLY",
            "interval": "2",
            "weekdays": ["TU", "FR"],
            "monthly_mode": "weekday",
            "count": "4",
            "action": "create",
        },
    )
    series = Series.objects.get()
    assert series.rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,FR;COUNT=4"
    assert [e.local_date for e in series.events.order_by("starts_at")] == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 12),
        datetime.date(2024, 3, 15),
        datetime.date(2024, 3, 26),
    ]


def test_a_repeat_form_without_an_end_keeps_what_was_typed(member_client, friday):
    response = member_client.post(
        repeat_url(friday),
        {
            "frequency": "WEEKLY",
            "interval": "3",
            "weekdays": ["FR"],
            "monthly_mode": "day",
            "action": "create",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Give either the last day or the number of dates."
    ]
    assert b'value="3"' in response.content
    assert Series.objects.count() == 0


def test_a_series_past_the_window_is_refused_on_the_form(member_client, friday):
    response = member_client.post(
        repeat_url(friday),
        {
            "frequency": "WEEKLY",
            "interval": "1",
            "weekdays": ["FR"],
            "monthly_mode": "day",
            "until": "2025-06-01",
            "action": "create",
        },
    )
    assert response.status_code == 200
    assert "ends on" in response.context["form"].non_field_errors()[0]
    assert Event.objects.count() == 1


def test_an_outsider_cannot_repeat_anothers_event(client, outsider, friday):
    client.force_login(outsider)
    response = client.post(
        repeat_url(friday),
        {
            "frequency": "WEEKLY",
            "interval": "1",
            "weekdays": ["FR"],
            "count": "3",
            "monthly_mode": "day",
            "action": "create",
        },
    )
    assert response.status_code == 404
    assert Series.objects.count() == 0


@pytest.fixture
def series(friday, member):
    return series_service.create_series(event=friday, rule="FREQ=WEEKLY;COUNT=3", user=member)


def test_an_occurrence_page_lists_the_series_and_its_buttons(member_client, series):
    second = series.events.order_by("starts_at")[1]
    response = member_client.get(f"/my/events/{second.pk}/")
    content = response.content.decode()
    section = content.split('class="series"')[1].split("</section>")[0]
    for event in series.events.exclude(pk=second.pk):
        assert f'href="/my/events/{event.pk}/"' in section
    assert f"/my/series/{series.pk}/submit/" in section
    assert "/withdraw/" not in section and "/cancel/" not in section
    assert repeat_url(second) not in content


def test_submit_all_then_cancel_all_from_the_member_area(member_client, series, moderator):
    response = member_client.post(f"/my/series/{series.pk}/submit/")
    assert response.status_code == 302
    assert set(series.events.values_list("status", flat=True)) == {S.SUBMITTED}
    series_service.move_series(series, services.APPROVE, by=moderator)

    confirm = member_client.get(f"/my/series/{series.pk}/cancel/")
    assert confirm.status_code == 200
    assert b"cannot be undone" in confirm.content
    refused = member_client.post(f"/my/series/{series.pk}/cancel/", {"reason": ""})
    assert refused.status_code == 200
    assert set(series.events.values_list("status", flat=True)) == {S.APPROVED}
    member_client.post(f"/my/series/{series.pk}/cancel/", {"reason": "The hall closed."})
    assert set(series.events.values_list("status", "cancellation_reason")) == {
        (S.CANCELLED, "The hall closed.")
    }


def test_an_outsider_cannot_move_a_series(client, outsider, series):
    client.force_login(outsider)
    assert client.post(f"/my/series/{series.pk}/submit/").status_code == 404
    assert set(series.events.values_list("status", flat=True)) == {S.DRAFT}


def test_the_edit_form_applies_to_this_and_following(member_client, series, event_form_data):
    first, second, third = series.events.order_by("starts_at")
    form = event_form_data(
        title="Reading circle",
        starts_on="2024-03-08",
        starts_time="18:00",
        ends_time="20:30",
        languages=["fr"],
        scope="following",
    )
    response = member_client.post(f"/my/events/{second.pk}/edit/", form)
    assert response.status_code == 302

    after = list(series.events.order_by("starts_at"))
    assert [e.title for e in after] == ["Study circle", "Reading circle", "Reading circle"]
    assert [(e.local_date, e.local_starts_at.time()) for e in after] == [
        (datetime.date(2024, 3, 1), datetime.time(19, 0)),
        (datetime.date(2024, 3, 8), datetime.time(18, 0)),
        (datetime.date(2024, 3, 15), datetime.time(18, 0)),
    ]


def test_the_edit_form_changes_only_this_event_by_default(member_client, series, event_form_data):
    second = series.events.order_by("starts_at")[1]
    page = member_client.get(f"/my/events/{second.pk}/edit/")
    assert b'name="scope" value="following"' in page.content
    member_client.post(
        f"/my/events/{second.pk}/edit/",
        event_form_data(
            title="Special", starts_on="2024-03-08", starts_time="19:00", ends_time="21:00"
        ),
    )
    assert list(series.events.order_by("starts_at").values_list("title", flat=True)) == [
        "Study circle",
        "Special",
        "Study circle",
    ]
