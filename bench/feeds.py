"""The whole /events.ics and /events.geojson of a PostgreSQL database already filled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/feeds_100k .venv/bin/python bench/feeds.py \
        [/events.ics] [/events.geojson]

Fill the database first with bench/search.py (its events have no coordinates: give them
some, as below, for the GeoJSON to hold them). Each answer goes through the test client as
a request would, its stream read to the end; printed: the seconds, the bytes, the events a
second, the microseconds an event, the peak of memory Python allocated (tracemalloc) and
the process's peak resident size (since it started: name one answer to have its own).
Under gunicorn a worker is killed after 30 s; this is what a whole feed of the database
costs one worker. Asserts nothing.

Each answer is read with the cache emptied first ("cold"), then again ("kept"): with
REDIS_URL (FEED_FRAGMENT_SECONDS on) the second reads each event's VEVENT from the cache.
The whole answer is never kept here, so that both are built.

    UPDATE events_event SET latitude = 48.85 + (id % 100) * 0.001,
        longitude = 2.35 + (id % 97) * 0.001;
"""

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commemoration.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def measure(client, path, count, *, trace):
    """Seconds, bytes and tracemalloc peak (or None) of the whole answer at `path`."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return elapsed, size, peak


def main():
    if connection.vendor != "postgresql":
        sys.exit("Give DATABASE_URL of a PostgreSQL database filled by bench/search.py.")
    from events import feeds
    from events.models import Event

    public = Event.objects.public()
    counts = {
        "/events.ics": public.count(),
        "/events.geojson": public.filter(latitude__isnull=False, longitude__isnull=False).count(),
    }
    client = Client(HTTP_HOST="127.0.0.1")  # one of ALLOWED_HOSTS with DEBUG
    feeds.MAX_KEPT_BYTES = 0  # every answer built, none served whole from the cache
    print(f"{'answer':<23}{'events':>9}{'s':>8}{'MB':>8}{'events/s':>10}{'µs/event':>10}", end="")
    print(f"{'traced MB':>11}{'s traced':>10}{'max RSS MB':>12}")
    for path in sys.argv[1:] or counts:
        count = counts[path]
        cache.clear()
        for phase in ("cold", "kept"):
            # Once untraced for the time (tracemalloc slows Python down), then, kept, once
            # for the memory.
            elapsed, size, _ = measure(client, path, count, trace=False)
            traced, _, peak = (
                measure(client, path, count, trace=True) if phase == "kept" else (0, 0, 0)
            )
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{path + ' ' + phase:<23}{count:>9}{elapsed:>8.1f}{size / 1e6:>8.1f}"
                f"{count / elapsed:>10.0f}{elapsed / max(count, 1) * 1e6:>10.1f}"
                f"{peak / 1e6:>11.1f}{traced:>10.1f}{rss:>12.0f}"
            )


if __name__ == "__main__":
    main()
