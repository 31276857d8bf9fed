"""The text search is bounded: at most 10 words and 200 characters, refused clearly beyond."""

import pytest

from events.models import Event
from tests.factories import EventFactory
from tests.public.conftest import listed_titles

TEN_WORDS = " ".join(["Paris"] * 10)
THOUSAND_WORDS = " ".join(f"word{n}" for n in range(1000))


@pytest.fixture
def lecture(commemoration, organization):
    return EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Lecture in Paris",
        status=Event.Status.APPROVED,
    )


def test_api_refuses_a_search_of_a_thousand_words_with_a_400(client, lecture):
    response = client.get("/api/v1/events/", {"q": THOUSAND_WORDS})

    assert response.status_code == 400
    assert response.json() == {"q": ["Search for at most 10 words."]}


def test_api_refuses_a_search_longer_than_200_characters(client, lecture):
    response = client.get("/api/v1/events/", {"q": "x" * 201})

    assert response.status_code == 400
    assert response.json() == {"q": ["Ensure this value has at most 200 characters (it has 201)."]}


def test_api_searches_with_ten_words(client, lecture):
    response = client.get("/api/v1/events/", {"q": TEN_WORDS, "around": "2024-01-21"})

    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["Lecture in Paris"]


@pytest.mark.parametrize("path", ["/events/", "/calendar/2024/1/"])
def test_pages_say_the_search_has_too_many_words(client, lecture, path):
    response = client.get(path, {"q": THOUSAND_WORDS})

    assert response.status_code == 200
    content = response.getvalue().decode()
    assert "Search for at most 10 words." in content
    assert "Lecture in Paris" not in content


def test_feed_refuses_a_search_of_a_thousand_words(client, lecture):
    response = client.get("/events.ics", {"q": THOUSAND_WORDS})

    assert response.status_code == 400
    assert "q: Search for at most 10 words." in response.getvalue().decode()


def test_list_page_searches_with_ten_words(client, lecture):
    response = client.get("/events/", {"q": TEN_WORDS, "starts_after": "2024-01-01"})

    assert listed_titles(response) == ["Lecture in Paris"]
