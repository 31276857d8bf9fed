"""The committee's queue in a real browser at 1280 pixels: every column in view, and
axe-core finds no serious or critical problem on the admin's home, the queue and an
event's page."""

import pprint

import pytest

from events.management.commands.seed_demo import DEMO_PASSWORDS
from events.models import Event

pytestmark = pytest.mark.browser

COLUMNS = ["Title", "Host", "Country", "Local start", "Status", "Waiting since", "Flags"]


def log_in_as_committee(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("committee")
    page.get_by_label("Password").fill(DEMO_PASSWORDS["committee"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_the_queue_shows_every_column_at_1280_pixels(page, demo):
    log_in_as_committee(page)

    page.goto("/admin/events/event/?status__exact=submitted")

    headers = page.locator("#result_list thead th")
    names = [name.strip() for name in headers.all_inner_texts()]
    for column in COLUMNS:
        assert any(name.lower() == column.lower() for name in names), (column, names)
    viewport = page.viewport_size["width"]
    for index in range(headers.count()):
        box = headers.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport, (
            names[index],
            box,
        )
    # Nothing to scroll sideways to.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport


def test_the_committees_pages_have_no_serious_accessibility_violation(
    page, demo, serious_accessibility_violations
):
    log_in_as_committee(page)
    waiting = Event.objects.filter(status=Event.Status.SUBMITTED).order_by("pk").first()
    pages = {
        "admin home": "/admin/",
        "queue": "/admin/events/event/",
        "event": f"/admin/events/event/{waiting.pk}/change/",
        "approve": f"/admin/events/event/{waiting.pk}/move/approve/",
        "history": f"/admin/events/event/{waiting.pk}/history/",
    }
    found = {}
    for name, url in pages.items():
        page.goto(url)
        violations = serious_accessibility_violations(page)
        if violations:
            found[f"{name} ({url})"] = violations

    assert found == {}, f"axe-core found:\n{pprint.pformat(found, width=100)}"
