"""A search finds every event that has each of its words; one for words that many events
have counts, and pages through, its first SEARCH_COUNT_LIMIT matches only (here 3), so
that it never reads every event to count them. The feeds carry all of them."""

import pytest

from events import models
from events.models import Event, EventTranslation
from tests.factories import local
from tests.public.conftest import approved, listed_titles

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(monkeypatch):
    monkeypatch.setattr(models, "SEARCH_COUNT_LIMIT", LIMIT)


@pytest.fixture
def wreaths(commemoration, organization):
    """Five wreath layings on five days of January 2024, one of them in Quito."""
    return [
        approved(
            commemoration,
            organization,
            f"Wreath laying {day}",
            local(2024, 1, day, 12, zone="Europe/Paris"),
            "Europe/Paris",
            city="Quito" if day == 4 else "Paris",
        )
        for day in range(1, 6)
    ]


def api_titles(response):
    return [event["title"] for event in response.json()["results"]]


def test_the_api_counts_the_first_matches_of_a_common_word(client, wreaths):
    response = client.get("/api/v1/events/", {"q": "wreath", "page_size": 50})

    assert response.status_code == 200
    assert response.json()["count"] == LIMIT
    assert api_titles(response) == ["Wreath laying 1", "Wreath laying 2", "Wreath laying 3"]
    assert response.json()["next"] is None


def test_the_api_pages_through_the_first_matches_only(client, wreaths):
    first = client.get("/api/v1/events/", {"q": "wreath", "page_size": 2})
    second = client.get(first.json()["next"])

    assert api_titles(first) == ["Wreath laying 1", "Wreath laying 2"]
    assert api_titles(second) == ["Wreath laying 3"]
    assert second.json()["next"] is None
    beyond = client.get("/api/v1/events/", {"q": "wreath", "page_size": 2, "page": 3})
    assert beyond.status_code == 404


def test_the_list_says_that_more_match_than_it_lists(client, wreaths):
    response = client.get("/events/", {"q": "wreath", "starts_after": "2024-01-01"})

    assert response.status_code == 200
    assert listed_titles(response) == ["Wreath laying 1", "Wreath laying 2", "Wreath laying 3"]
    assert "More than 3 events match: the first 3 are listed." in response.content.decode()


def test_a_search_of_few_matches_counts_them_all(client, wreaths):
    response = client.get("/api/v1/events/", {"q": "Quito"})

    assert response.json()["count"] == 1
    assert api_titles(response) == ["Wreath laying 4"]
    page = client.get("/events/", {"q": "Quito", "starts_after": "2024-01-01"})
    assert "1 event" in page.content.decode()
    assert "More than" not in page.content.decode()


def test_a_common_word_and_a_rare_one_find_the_events_with_both(client, wreaths):
    response = client.get("/api/v1/events/", {"q": "wreath quito"})

    assert api_titles(response) == ["Wreath laying 4"]
    assert response.json()["count"] == 1


def test_two_common_words_find_the_events_with_both(client, wreaths, commemoration, organization):
    approved(
        commemoration,
        organization,
        "Laying of flowers",
        local(2024, 1, 9, 12, zone="Europe/Paris"),
        "Europe/Paris",
        city="Paris",
    )
    response = client.get("/api/v1/events/", {"q": "paris laying", "page_size": 50})

    assert api_titles(response) == ["Wreath laying 1", "Wreath laying 2", "Wreath laying 3"]
    assert response.json()["count"] == LIMIT
    flowers = client.get("/api/v1/events/", {"q": "paris flowers"})
    assert api_titles(flowers) == ["Laying of flowers"]


def test_a_word_of_many_translations_finds_them(client, wreaths):
    for event in wreaths:
        EventTranslation.objects.create(event=event, language="fr", title="Dépôt de gerbe")
    response = client.get("/api/v1/events/", {"q": "gerbe", "page_size": 50})

    assert response.json()["count"] == LIMIT
    assert len(response.json()["results"]) == LIMIT
    assert client.get("/api/v1/events/", {"q": "gerbe quito"}).json()["count"] == 1


def test_the_feed_of_a_common_word_carries_every_match(client, wreaths):
    feed = client.get("/events.ics", {"q": "wreath"}).getvalue()

    assert feed.count(b"BEGIN:VEVENT") == len(wreaths)


def test_hidden_events_do_not_count_among_the_matches(client, wreaths):
    for event in wreaths[:3]:
        Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    response = client.get("/api/v1/events/", {"q": "wreath"})

    assert api_titles(response) == ["Wreath laying 4", "Wreath laying 5"]
    assert response.json()["count"] == 2


def test_a_word_is_searched_for_as_typed_and_once_whatever_its_case(
    client, commemoration, organization
):
    approved(
        commemoration,
        organization,
        "Rally in the Leninstraße",
        local(2024, 1, 21, 12, zone="Europe/Berlin"),
        "Europe/Berlin",
        city="Berlin",
    )
    response = client.get("/api/v1/events/", {"q": "leninstraße"})
    assert response.status_code == 200
    assert api_titles(response) == ["Rally in the Leninstraße"]
    response = client.get("/api/v1/events/", {"q": "Leninstraße leninstraße RALLY"})
    assert api_titles(response) == ["Rally in the Leninstraße"]
