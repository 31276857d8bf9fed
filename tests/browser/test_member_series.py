"""A member repeats an event in a real browser: the dates are shown first, then made."""

import datetime

import pytest

from events.models import Event, Series

pytestmark = pytest.mark.browser


def test_repeating_an_event_previews_the_dates_then_creates_them(page, log_in_as_demo_member):
    log_in_as_demo_member(page)
    event = (
        Event.objects.filter(
            organization__slug="sample-party-ec", status=Event.Status.DRAFT, series__isnull=True
        )
        .order_by("pk")
        .first()
    )
    before = Event.objects.count()

    page.goto(f"/my/events/{event.pk}/")
    page.get_by_role("link", name="Repeat this event").click()
    page.wait_for_url(f"**/my/events/{event.pk}/repeat/")
    page.locator("select[name=frequency]").select_option("WEEKLY")
    page.get_by_label("Number of dates").fill("4")
    page.get_by_role("button", name="Show the dates").click()

    preview = page.locator(".series-preview")
    assert preview.locator("h2").inner_text() == "4 dates"
    assert preview.locator("li").count() == 4
    assert Event.objects.count() == before
    page.get_by_role("button", name="Create these events").click()

    page.wait_for_url(f"**/my/events/{event.pk}/")
    assert page.locator(".messages").inner_text() == (
        "The series has 4 dates: the new ones are drafts."
    )
    series = Series.objects.get(events=event)
    dates = list(series.events.order_by("starts_at").values_list("local_date", flat=True))
    assert dates == [event.local_date + datetime.timedelta(weeks=n) for n in range(4)]
    assert page.locator("section.series ol li").count() == 4
    assert Event.objects.count() == before + 3
