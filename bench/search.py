"""The list's `q` at scale on PostgreSQL: fill N events (and a translation for one in ten),
then print, for a rare word, a common word and two words, the plan of the public list's
query (EXPLAIN ANALYZE) and its time, through Event.objects.search() as /events/ and the
API call it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_q .venv/bin/python bench/search.py 1000000

The database named must exist; it is migrated and, unless it holds N events already,
emptied of events and filled (with SQL's generate_series: six minutes a million here).
Asserts nothing; commit the plans it prints (bench/results/search-<N>-postgresql.txt).
"""

import importlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commemoration.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

WORDS = ["rally", "lecture", "wreath", "film", "circle", "exhibition", "meeting", "concert"]
CITIES = ["Paris", "Quito", "Berlin", "Istanbul", "Lima", "Moscow", "Tokyo", "Cairo"]
FILL = """
INSERT INTO events_event (title, slug, kind, summary, description, starts_at, ends_at,
    timezone, local_date, local_time, venue, address, city, country, latitude, longitude,
    online_url, languages,
    contact, poster, poster_versions, status, cancellation_reason, created_at, updated_at,
    commemoration_id, organization_id)
SELECT
    initcap((%(words)s::text[])[1 + n %% 8]) || ' ' || n || ' ' || md5(n::text),
    'bench-' || n,
    'lecture',
    'About ' || (%(words)s::text[])[1 + (n / 8) %% 8] || ' number ' || n,
    repeat('The centenary of the October Revolution''s leader, remembered. ', 3)
        || md5((n * 7)::text),
    start, start + interval '2 hours',
    'UTC', start::date, start::time,
    'Hall ' || (n %% 100), '', (%(cities)s::text[])[1 + n %% 8], 'FR',
    round((48.0 + (n %% 1000) * 0.004)::numeric, 6), round((2.0 + (n %% 997) * 0.004)::numeric, 6),
    '', '["en"]'::jsonb,
    '', '', '{}'::jsonb,
    CASE WHEN n %% 10 = 0 THEN 'draft' ELSE 'approved' END, '', now(), now(),
    %(commemoration)s, %(organization)s
FROM (
    SELECT n, timestamptz '2024-01-01' + (n %% 366) * interval '1 day'
        + (n %% 24) * interval '1 hour' AS start
    FROM generate_series(1, %(count)s) AS n
) AS numbers
"""
TRANSLATE = """
INSERT INTO events_eventtranslation (language, title, summary, description, reviewed,
    needs_review, status, updated_at, event_id)
SELECT 'fr', 'Traduction ' || md5(id::text), 'Résumé', '', true, false, 'live', now(), id
FROM events_event WHERE id %% 10 = 3
"""


def fill(count):
    from commemoration.models import Commemoration
    from events.models import Event, EventTranslation
    from organizations.models import Organization
    from tests.factories import CommemorationFactory, OrganizationFactory

    EventTranslation.objects.all().delete()
    Event.objects.all().delete()
    commemoration = Commemoration.objects.first() or CommemorationFactory()
    organization = Organization.objects.filter(slug="bench-party").first() or (
        OrganizationFactory(slug="bench-party", name="Workers' Party of Bench", short_name="WPB")
    )
    started = time.perf_counter()
    own_index = importlib.import_module("events.migrations.0019_event_text_trigram_index")
    with connection.cursor() as cursor:
        # Filled without the trigram index, then indexed: much faster than row by row.
        cursor.execute("DROP INDEX IF EXISTS event_text_trgm")
        cursor.execute(
            FILL,
            {
                "words": WORDS,
                "cities": CITIES,
                "count": count,
                "commemoration": commemoration.pk,
                "organization": organization.pk,
            },
        )
        cursor.execute(TRANSLATE, {})
        cursor.execute(own_index.TRIGRAM_INDEX)
        cursor.execute("ANALYZE events_event")
        cursor.execute("ANALYZE events_eventtranslation")
    print(f"filled {count} events in {time.perf_counter() - started:.0f} s")
    # One word that a single event has, in its French version only.
    target = Event.objects.public().order_by("pk")[count // 2]
    EventTranslation.objects.update_or_create(
        event=target, language="fr", defaults={"title": "Commémoration unique", "status": "live"}
    )


def measure(words):
    from events.models import Event

    page = Event.objects.public().search(words).in_day_order()[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    times = []
    for _ in range(5):
        started = time.perf_counter()
        list(page.values_list("pk", flat=True))
        times.append((time.perf_counter() - started) * 1000)
    count = Event.objects.public().search(words).count()
    print(
        f"\n== q={words!r}: {count} public events match; first page "
        f"{min(times):.1f} ms best, {sorted(times)[2]:.1f} ms median of 5"
    )
    print(plan)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if connection.vendor != "postgresql":
        sys.exit("Give DATABASE_URL of a PostgreSQL database.")
    from events.models import Event

    call_command("migrate", verbosity=0)
    if Event.objects.count() != count:  # already filled: measure again
        fill(count)
    for words in ("Commémoration", "wreath", "rally paris", "WPB"):
        measure(words)


if __name__ == "__main__":
    main()
