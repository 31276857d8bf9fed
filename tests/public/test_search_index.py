"""The list's `q` on PostgreSQL goes through trigram indexes, one per table searched: the
events' own texts, and their translations'. Each word is a union of plain queries, so
that the planner can use them instead of reading every event."""

import pytest
from django.db import connection

from events.models import Event, EventTranslation
from tests.factories import EventFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]


@pytest.fixture
def events(organization, commemoration):
    made = [
        EventFactory(organization=organization, commemoration=commemoration, title=f"Rally {n}")
        for n in range(30)
    ]
    EventTranslation.objects.create(
        event=made[0], language="fr", title="Meeting du centenaire", summary="Lecture."
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
        cursor.execute("ANALYZE events_eventtranslation")
        # Thirty rows are read faster than any index: make the planner show what it
        # does at a million.
        cursor.execute("SET enable_seqscan = off")
    return made


def test_q_reads_the_events_texts_through_their_trigram_index(events):
    plan = Event.objects.public().search("centenaire").explain()
    assert "event_text_trgm" in plan
    assert "event_translation_text_trgm" in plan
    assert "Seq Scan on events_event" not in plan


def test_q_with_two_words_uses_the_indexes_for_each(events):
    plan = Event.objects.search("rally centenaire").explain()
    assert plan.count("event_text_trgm") >= 2
    assert "Seq Scan on events_event" not in plan
