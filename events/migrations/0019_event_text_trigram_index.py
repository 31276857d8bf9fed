"""PostgreSQL only: a trigram index on the events' own texts, for the search's
`UPPER(col) LIKE UPPER('%word%')` (what icontains is) in Event.objects.search(), as
migration 0012 made for the translations. SQLite has neither and needs none."""

from django.db import migrations

TRIGRAM_INDEX = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS event_text_trgm ON events_event
USING gin (UPPER(title) gin_trgm_ops, UPPER(summary) gin_trgm_ops,
           UPPER(description) gin_trgm_ops, UPPER(city) gin_trgm_ops,
           UPPER(venue) gin_trgm_ops);
"""


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("events", "0018_merge_import_queue_poster_versions")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False)]
