"""The client's address comes from REMOTE_ADDR, or from trusted proxies only."""

import threading

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from access import limits
from tests.api.conftest import EVENTS


@pytest.fixture
def anon(db, rates):
    rates(anon="3/min")
    return APIClient()


def test_a_forged_forwarded_for_does_not_reset_the_anonymous_limit(anon):
    answers = [
        anon.get(EVENTS, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code
        for number in range(5)
    ]

    assert answers == [200, 200, 200, 429, 429]


def test_with_one_trusted_proxy_the_address_it_forwards_is_the_client(anon, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    # Whatever the client writes itself stands left of what the proxy appends.
    same_client = [
        anon.get(EVENTS, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.5", **proxy)
        for number in range(4)
    ]
    neighbour = anon.get(EVENTS, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)

    assert [response.status_code for response in same_client] == [200, 200, 200, 429]
    assert neighbour.status_code == 200


def test_behind_a_proxy_a_request_without_its_header_counts_as_the_proxy(anon, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    answers = [
        anon.get(EVENTS, HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="10.0.0.2").status_code
        for header in ["", "203.0.113.5", "not an address, 10.0.0.1", "203.0.113.9"]
    ]

    assert answers == [200, 200, 200, 429]


def test_without_proxies_each_address_has_its_own_count(anon):
    for _ in range(3):
        anon.get(EVENTS, REMOTE_ADDR="203.0.113.5")

    assert anon.get(EVENTS, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert anon.get(EVENTS, REMOTE_ADDR="203.0.113.6").status_code == 200


def test_concurrent_requests_do_not_overshoot_a_limit(db):
    cache.clear()
    allowed = []
    start = threading.Barrier(20)

    def request():
        start.wait()
        for _ in range(5):
            allowed.append(limits.hit("test:concurrent", "30/min").allowed)

    threads = [threading.Thread(target=request) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(allowed) == 100
    assert allowed.count(True) == 30
    cache.clear()
