"""The list's `q` on PostgreSQL goes through trigram indexes: each word is first looked up
in the events' own texts and in their translations (Event.objects.search), each lookup a
plain query that the index of its table serves, never a read of every event."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def plans_of_the_lookups(words):
    """The plan of each query that search() runs to look the words up, and the events."""
    with CaptureQueriesContext(connection) as lookups:
        found = Event.objects.search(words)
    plans = []
    with connection.cursor() as cursor:
        for query in lookups.captured_queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans, found


def test_q_looks_a_word_up_through_the_trigram_index_of_each_table(events):
    plans, found = plans_of_the_lookups("centenaire")

    assert len(plans) == 3  # own texts, hosts' events, translations
    assert "event_text_trgm" in plans[0]
    assert "event_translation_title_trgm" in plans[2]
    assert "event_translation_description_trgm" in plans[2]
    assert not [plan for plan in plans if "Seq Scan on events_" in plan]
    assert list(found.values_list("pk", flat=True)) == [events[0].pk]


def test_q_with_two_words_looks_each_up_through_the_indexes(events):
    plans, found = plans_of_the_lookups("rally centenaire")

    assert len(plans) == 6
    assert sum("event_text_trgm" in plan for plan in plans) == 2
    assert not [plan for plan in plans if "Seq Scan on events_" in plan]
    assert list(found.values_list("pk", flat=True)) == [events[0].pk]
