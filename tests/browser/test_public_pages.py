"""A visitor's walk through the public pages in a real browser: filters, months, an event."""

import re

import pytest

from events.models import Event

pytestmark = pytest.mark.browser


def result_count(page):
    """The number in "N events" above the list."""
    return int(page.locator(".result-count").inner_text().split()[0])


def test_home_page_leads_to_the_events_and_the_calendar(page, demo):
    page.goto("/")

    assert page.locator("h1").inner_text() == "Centenary of Lenin's death"
    page.get_by_role("link", name="Open the calendar").click()
    page.wait_for_url("**/calendar/")
    assert page.locator("h1").inner_text() == "Calendar"


def test_filtering_the_list_by_country_shows_only_that_countrys_events(page, demo):
    page.goto("/events/")
    everything = result_count(page)

    page.get_by_label("Country", exact=True).select_option("EC")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url(re.compile(r"/events/\?(.+&)?country=EC(&|$)"))

    shown = result_count(page)
    assert shown == Event.objects.public().filter(country="EC").count()
    assert 0 < shown < everything
    places = page.locator(".event-card .event-meta").all_inner_texts()
    assert len(places) == shown
    assert all("Ecuador" in place for place in places)
    assert page.get_by_label("Country", exact=True).input_value() == "EC"


def test_calendar_moves_to_the_next_and_previous_month(page, demo):
    page.goto("/calendar/")
    caption = page.locator("table.calendar caption")
    assert caption.inner_text() == "January 2024"
    assert page.locator("table.calendar td.has-events").count() > 0

    page.locator(".month-nav a[rel=next]").click()
    page.wait_for_url("**/calendar/2024/2/")
    assert caption.inner_text() == "February 2024"
    assert page.title().startswith("February 2024")

    page.locator(".month-nav a[rel=prev]").click()
    page.wait_for_url("**/calendar/2024/1/")
    assert caption.inner_text() == "January 2024"


def test_event_page_opens_from_the_list(page, demo):
    page.goto("/events/")
    link = page.locator(".event-card h3 a").first
    title, href = link.inner_text(), link.get_attribute("href")

    link.click()

    page.wait_for_url(f"**{href}")
    event = Event.objects.public().get(pk=int(href.split("/")[2].split("-")[0]))
    assert page.locator("h1").inner_text() == title == event.title
    assert page.get_by_role("link", name="Download an .ics file").is_visible()
