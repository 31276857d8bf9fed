"""Time the public pages against a throwaway SQLite database of about 1000 events.

Run from the project's root:  .venv/bin/python bench/pages.py [--events 1000] [--requests 20]
Prints milliseconds per request and requests per second for each page; asserts nothing.
The feed is kept rendered in the cache while no event changes: "/events.ics (first build)"
empties the cache before each request, to time what a visitor meets after any change.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import tracemalloc
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/events/", "/calendar/2024/1/", "/events.ics"]
ZONES = ["Europe/Paris", "America/Los_Angeles", "Asia/Tokyo", "America/Guayaquil", "UTC"]
UNCACHED_FEED = ("/events.ics", "/events.ics (first build)", True)
COUNTRIES = ["FR", "DE", "EC", "JP", "US", "TR", "BR", "IN", "ES", "CA"]


def setup_django(database_path):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed(count):
    """Bulk-insert organizations and `count` public events spread over 2024."""
    from commemoration.models import Commemoration
    from events.models import CoOrganizer, Event
    from organizations.models import Organization

    rng = random.Random(2024)
    commemoration = Commemoration.objects.create(
        title="Centenary of Lenin's death",
        slug="lenin-centenary",
        anchor_date=datetime.date(2024, 1, 21),
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        appeal="\n\n".join(f"Paragraph {n} of the appeal." for n in range(8)),
        is_current=True,
    )
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Organization {n}", slug=f"organization-{n}", country=COUNTRIES[n % 10])
        for n in range(40)
    )
    events = []
    for n in range(count):
        zone = rng.choice(ZONES)
        # Half of the events in January, the month of the anchor day; the rest over the year.
        day = (
            datetime.date(2024, 1, rng.randint(1, 31))
            if n % 2
            else datetime.date(2024, rng.randint(1, 12), rng.randint(1, 28))
        )
        starts_at = datetime.datetime.combine(
            day, datetime.time(rng.randint(8, 21)), tzinfo=zoneinfo.ZoneInfo(zone)
        )
        events.append(
            Event(
                commemoration=commemoration,
                organization=rng.choice(organizations),
                title=f"Commemorative event {n}",
                slug=f"commemorative-event-{n}",
                kind=rng.choice(Event.Kind.values),
                summary="A commemorative event.",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                timezone=zone,
                local_date=day,
                city="City",
                country=organizations[n % 40].country,
                languages=["en"],
                status=Event.Status.CANCELLED if n % 20 == 0 else Event.Status.APPROVED,
                approved_at=datetime.datetime(2023, 12, 1, tzinfo=datetime.UTC),
            )
        )
    events = Event.objects.bulk_create(events)
    CoOrganizer.objects.bulk_create(
        CoOrganizer(
            event=event,
            organization=rng.choice(organizations),
            status=CoOrganizer.Status.ACCEPTED,
        )
        for event in events[::3]
    )


def measure(paths, requests):
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    # CPU time too: on a busy machine it moves less than the wall clock.
    print(f"{'page':<32}{'ms/request':>12}{'CPU ms':>10}{'requests/s':>12}{'peak MB':>9}")
    for path, label, uncached in [*((p, p, False) for p in paths), UNCACHED_FEED]:
        response = client.get(path)  # warm up: templates, caches, connection
        if response.status_code != 200:
            print(f"{label:<32}  answered {response.status_code}")
            continue
        response.getvalue()
        elapsed = cpu = 0.0
        peak = 0
        for _ in range(requests):
            if uncached:
                cache.clear()
            tracemalloc.start()
            started, started_cpu = time.perf_counter(), time.process_time()
            # Read to its end: a streamed answer does its work while it is read.
            client.get(path).getvalue()
            elapsed += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        wall, cpu = elapsed / requests * 1000, cpu / requests * 1000
        print(
            f"{label:<32}{wall:>12.1f}{cpu:>10.1f}{requests / elapsed:>12.1f}{peak / 2**20:>9.1f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        seed(args.events)
        print(f"{args.events} events, {args.requests} requests per page, SQLite")
        measure(PAGES, args.requests)


if __name__ == "__main__":
    main()
