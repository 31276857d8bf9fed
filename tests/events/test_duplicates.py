"""Likely duplicates: the same or co-organizing organizations, the same city and local day,
similar titles. Near misses are not flagged. Merging keeps one event, with both
organizations, and records it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.flags import attention_reasons, likely_duplicates
from events.models import Event, ModerationRecord
from tests.factories import EventFactory, OrganizationFactory, local

S = Event.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    party = OrganizationFactory(name="Communist Party")
    youth = OrganizationFactory(name="Communist Youth")
    first = EventFactory(
        organization=party,
        title="Lenin centenary rally in Lyon",
        city="Lyon",
        status=S.SUBMITTED,
        starts_at=local(2024, 1, 21, 15, 0, "Europe/Paris"),
    )
    first.co_organizers.add(youth)
    second = EventFactory(
        organization=youth,
        title="Lenin centenary march in Lyon",
        city="Lyon",
        status=S.SUBMITTED,
        starts_at=local(2024, 1, 21, 16, 0, "Europe/Paris"),
    )
    second.co_organizers.add(party)
    return first, second


def test_two_co_organizers_same_city_and_day_similar_titles_are_flagged(pair):
    first, second = pair

    found = likely_duplicates([first, second])

    assert [e.pk for e in found[first.pk]] == [second.pk]
    assert [e.pk for e in found[second.pk]] == [first.pk]


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": local(2024, 1, 22, 15, 0, "Europe/Paris")},  # same city, another day
        {"city": "Marseille"},  # same day, another city
        {"title": "Film screening: October"},  # another title
    ],
)
def test_near_misses_are_not_flagged(pair, change):
    first, second = pair
    for name, value in change.items():
        setattr(second, name, value)
    second.ends_at = second.starts_at
    second.save()

    assert likely_duplicates([first, second]) == {}


def test_unrelated_organizations_are_not_a_pair(pair):
    first, second = pair
    stranger = EventFactory(
        organization=OrganizationFactory(name="Another party"),
        title=first.title,
        city="Lyon",
        status=S.SUBMITTED,
        starts_at=first.starts_at,
    )

    assert stranger.pk not in likely_duplicates([first, stranger])


def test_the_queue_flags_the_pair_in_a_bounded_number_of_queries(moderator_client, pair):
    first, second = pair

    def queries_for_the_queue():
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get("/admin/events/event/")
        return response, len(queries)

    _, few = queries_for_the_queue()
    for i in range(20):
        EventFactory(title=f"Other event {i}", city="Paris", status=S.SUBMITTED)
    response, many = queries_for_the_queue()

    assert many == few  # the same whatever the number of events on the page
    content = response.content.decode()
    assert f'href="/admin/events/event/{second.pk}/change/" class="flag flag-duplicate"' in content
    assert content.count("flag-duplicate") == 2


def test_merge_as_co_organizers_keeps_one_event_with_both_and_records_it(moderator_client, pair):
    first, second = pair
    page = moderator_client.get(f"/admin/events/event/{first.pk}/change/").content.decode()
    assert f'data-merge="{second.pk}"' in page

    response = moderator_client.post(f"/admin/events/event/{first.pk}/merge/{second.pk}/")

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == S.SUBMITTED
    assert {o.name for o in first.co_organizers.all()} == {"Communist Youth"}
    assert second.status == S.REJECTED
    kept_record = ModerationRecord.objects.get(event=first)
    assert kept_record.note == (
        f"Merged with “Lenin centenary march in Lyon” (#{second.pk}): "
        "co-organized by Communist Youth."
    )
    assert ModerationRecord.objects.get(event=second).note.startswith(
        f"The same event as “Lenin centenary rally in Lyon” (#{first.pk})"
    )


def test_links_to_a_blocked_host_or_many_links_are_flagged(organization):
    shortened = EventFactory(organization=organization, description="Sign up: https://bit.ly/x")
    many = EventFactory(
        organization=organization,
        description=" ".join(f"https://example.org/{i}" for i in range(5)),
    )
    plain = EventFactory(organization=organization, description="https://example.org/")

    assert attention_reasons(shortened) == [("blocked_host", "bit.ly")]
    assert attention_reasons(many) == [("many_links", "5")]
    assert attention_reasons(plain) == []
