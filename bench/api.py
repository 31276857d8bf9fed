"""Time the API's event list at page sizes 20 and 200 with about a thousand public events.

Run with `.venv/bin/python bench/api.py`. It builds a throwaway test database (SQLite in
memory, or test_<name> on PostgreSQL when DATABASE_URL says so), prints milliseconds per
request and asserts nothing. On a busy machine compare the CPU time, which other
processes disturb less than the wall-clock time.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

EVENTS = 1000
REQUESTS = 20


def populate():
    from events.models import Event
    from tests.factories import (
        CommemorationFactory,
        CoOrganizerFactory,
        EventFactory,
        OrganizationFactory,
    )

    commemoration = CommemorationFactory()
    organizations = OrganizationFactory.create_batch(40)
    for n in range(EVENTS):
        event = EventFactory(
            commemoration=commemoration,
            organization=organizations[n % len(organizations)],
            status=Event.Status.APPROVED,
        )
        CoOrganizerFactory(event=event, organization=organizations[(n + 1) % len(organizations)])


def time_list(client, page_size):
    url = f"/api/v1/events/?page_size={page_size}"
    assert client.get(url).status_code == 200  # warm up
    timings, cpu = [], []
    for _ in range(REQUESTS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return statistics.median(timings), min(timings), statistics.median(cpu)


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        populate()
        client = Client()
        print(f"{EVENTS} public events, {connection.vendor}, median of {REQUESTS} requests")
        for page_size in (20, 200):
            median, best, cpu = time_list(client, page_size)
            print(
                f"GET /api/v1/events/?page_size={page_size}: {median:.1f} ms "
                f"(best {best:.1f}; {cpu:.1f} ms of this process's CPU time)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
