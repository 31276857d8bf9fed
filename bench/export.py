"""Peak memory of the admin's CSV and iCalendar exports of every event, streamed.

Run from the project's root:  .venv/bin/python bench/export.py [--events 100000]
Bulk-loads the events into a throwaway SQLite database (bench/pages.py's data), exports
them all through the admin's actions as the committee would, reads the stream to its end,
and prints the rows, the bytes, the seconds and the peak of memory that Python allocated
while it ran (tracemalloc) and the process's peak resident size. Asserts nothing.
"""

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import seed, setup_django  # noqa: E402


def export(client, action, first_pk):
    tracemalloc.start()
    started = time.perf_counter()
    response = client.post(
        "/admin/events/event/",
        {"action": action, "select_across": "1", "index": "0", "_selected_action": [first_pk]},
    )
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return response.status_code, size, lines, elapsed, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        seed(args.events)
        from django.contrib.auth import get_user_model
        from django.test import Client

        from events.models import Event

        admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
        client = Client()
        client.force_login(admin)
        first_pk = Event.objects.order_by("pk").values_list("pk", flat=True).first()
        print(f"{args.events} events, SQLite")
        print(f"{'export':<10}{'status':>8}{'MB out':>10}{'lines':>10}{'s':>8}{'peak MB':>10}")
        for action in ("export_csv", "export_ics"):
            status, size, lines, elapsed, peak = export(client, action, first_pk)
            print(
                f"{action:<10}{status:>8}{size / 1e6:>10.1f}{lines:>10}{elapsed:>8.1f}"
                f"{peak / 1e6:>10.1f}"
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process peak resident size, seeding included: {rss:.0f} MB")


if __name__ == "__main__":
    main()
