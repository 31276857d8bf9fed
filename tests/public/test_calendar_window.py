"""The calendar's navigation stays within the commemoration's window (1 Jan – 31 Dec 2024).

Months more than a year (366 days) outside the window answer 404, unless they hold a
public event; the prev/next links stop at the window's edges, with a link to the record."""

import pytest

from tests.factories import local
from tests.public.conftest import approved


@pytest.mark.parametrize("month", ["/calendar/1999/1/", "/calendar/2022/11/", "/calendar/2026/2/"])
def test_months_far_outside_the_window_are_404(client, commemoration, month):
    assert client.get(month).status_code == 404


@pytest.mark.parametrize("month", ["/calendar/2023/6/", "/calendar/2025/6/"])
def test_months_near_the_window_still_answer(client, commemoration, month):
    assert client.get(month).status_code == 200


def test_a_far_month_with_a_public_event_still_answers(client, commemoration, organization):
    approved(commemoration, organization, "Late rally", local(2030, 5, 1, 12), "UTC")
    assert client.get("/calendar/2030/5/").status_code == 200


def test_navigation_stops_at_the_window_edges_with_a_link_to_the_record(client, commemoration):
    first = client.get("/calendar/2024/1/").content.decode()
    assert 'rel="prev"' not in first
    assert 'href="/calendar/2024/2/"' in first
    assert 'class="whole-record" href="/figures/"' in first
    middle = client.get("/calendar/2024/6/").content.decode()
    assert 'rel="prev"' in middle and 'rel="next"' in middle
    assert "whole-record" not in middle
    last = client.get("/calendar/2024/12/").content.decode()
    assert 'rel="next"' not in last
    assert 'class="whole-record"' in last
