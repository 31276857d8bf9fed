"""On the list, "Use my time zone" and "Events near me" act only once clicked."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_visitor_in_new_york_shows_the_days_in_their_zone_by_clicking(
    browser, live_server, tokyo_event
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        timezone_id="America/New_York",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.goto("/events/?starts_after=2024-01-01")
    # Nothing changes by itself: the days stay each event's own.
    expect(page.locator("#day-2024-01-21")).to_be_visible()
    button = page.get_by_role("button", name="Use my time zone (America/New York)")
    expect(button).to_be_visible()

    button.click()
    expect(page).to_have_url(re.compile(r"tz=America%2FNew_York"))
    expect(page.locator(".zone-note")).to_have_text("Days and times in America/New_York.")
    expect(page.locator("#day-2024-01-20")).to_contain_text("Saturday, Jan. 20, 2024")
    expect(page.get_by_role("button", name=re.compile("Use my time zone"))).to_be_hidden()
    context.close()


def test_events_near_me_on_the_list_asks_for_the_location_only_once_clicked(
    browser, live_server, tokyo_event
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        permissions=["geolocation"],
        geolocation={"latitude": 35.68, "longitude": 139.76},
    )
    page = context.new_page()
    page.goto("/events/?starts_after=2024-01-01")
    expect(page).not_to_have_url(re.compile("near="))

    page.get_by_role("button", name="Events near me").click()
    expect(page).to_have_url(re.compile(r"near=35\.6800%2C139\.7600"))
    expect(page.locator(".distance")).to_have_text("6 km away")
    context.close()
