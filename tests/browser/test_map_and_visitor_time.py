"""The map with every outside host blocked, its list without JavaScript, and a visitor's
own time beside an event's."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def block_other_hosts(page, live_server, outside):
    def route(r):
        if r.request.url.startswith(live_server.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)


def test_map_draws_outlines_and_clusters_offline_and_a_popup_links_to_the_event(
    page, live_server, tokyo_event, serious_accessibility_violations
):
    outside = []
    block_other_hosts(page, live_server, outside)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/map/")
    try:
        page.wait_for_selector("#event-map[data-loaded='1']", state="attached")
    finally:
        print(errors)
    assert page.locator("path.country-outline").count() > 100
    marker = page.locator(".leaflet-marker-icon").first
    marker.click()
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == "Tokyo rally"
    assert link.get_attribute("href").endswith(tokyo_event.get_absolute_url())
    assert outside == []
    # axe reads colours as drawn: wait until the popup stands fully opaque.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert serious_accessibility_violations(page) == []


def test_map_list_is_there_without_javascript(browser, live_server, tokyo_event):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/map/")
    assert page.locator(".map-list a").inner_text() == "Tokyo rally"
    assert not page.locator("#event-map").is_visible()
    context.close()


def test_visitor_in_new_york_sees_the_tokyo_event_the_day_before(browser, live_server, tokyo_event):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", timezone_id="America/New_York"
    )
    page = context.new_page()
    page.goto(tokyo_event.get_absolute_url())
    line = page.locator(".visitor-time").first.inner_text()
    # 00:30 on Sunday 21 January in Tokyo is 10:30 on Saturday 20 January in New York.
    assert "Sat" in line and "Jan 20" in line and "10:30" in line
    assert "your time (New York)" in line
    context.close()

    same_zone = browser.new_context(base_url=live_server.url, timezone_id="Asia/Tokyo")
    page = same_zone.new_page()
    page.goto(tokyo_event.get_absolute_url())
    assert page.locator(".visitor-time").count() == 0
    same_zone.close()
