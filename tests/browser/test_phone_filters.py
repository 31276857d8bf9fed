"""On a 360 × 740 phone the filters fold behind one control; the first result shows at once."""

import pytest

pytestmark = pytest.mark.browser

SCREEN_HEIGHT = 740


def box_of(phone, selector):
    return phone.locator(selector).first.bounding_box()


@pytest.mark.parametrize(
    ("path", "first_result"),
    [
        # An event's card runs longer than a phone's screen once the page's notes are
        # above it: what must show is its title, time and place, the link to open it.
        ("/events/", ".event-card >> nth=0 >> .event-title a"),
        ("/events/", ".event-card >> nth=0 >> .event-meta"),
        ("/calendar/", "table.calendar td.has-events a"),
        ("/calendar/2024/1/", "table.calendar td.has-events a"),
    ],
)
def test_the_first_result_is_within_the_first_screen_of_a_phone(
    phone, demo, live_server, path, first_result
):
    phone.goto(f"{live_server.url}{path}")

    assert phone.locator("details.filters-fold").get_attribute("open") is None
    first = box_of(phone, first_result)
    # Wholly on the first screen, under the header, not only its top edge.
    header = box_of(phone, "header.site-header")
    assert first["y"] >= header["y"] + header["height"]
    assert first["y"] + first["height"] <= SCREEN_HEIGHT


def test_the_folded_filters_open_and_apply_on_a_phone(phone, demo, live_server):
    phone.goto(f"{live_server.url}/events/")
    summary = phone.locator(".filters-summary")
    assert summary.inner_text().strip() == "Filters (0 active)"
    assert not phone.locator("#filters-heading").is_visible()

    summary.click()
    assert phone.locator("#filters-heading").is_visible()
    phone.locator(".filters input[name=q]").fill("lecture")
    phone.locator(".filters button[type=submit]").click()

    phone.wait_for_url("**q=lecture**")
    assert phone.locator(".filters-summary").inner_text().strip() == "Filters (1 active)"


def test_the_filters_stay_open_on_a_wide_screen(page, demo, live_server):
    page.goto(f"{live_server.url}/events/")

    assert page.locator("#filters-heading").is_visible()
    assert not page.locator(".filters-summary").is_visible()
