"""A reader sees an event in their language where a shown translation exists, else the
original with a note of its language and links to its versions; on every door."""

import re

import pytest

from events.models import EventTranslation
from tests.factories import EventFactory, EventTranslationFactory
from tests.public.conftest import S, calendar_days, listed_titles

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def translated(commemoration, organization):
    """A public event written in French, with a shown Spanish translation."""
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        status=S.APPROVED,
        title="Veillée pour Lénine",
        summary="Une soirée de lectures.",
        description="Textes choisis et chants.",
        languages=["fr"],
    )
    EventTranslationFactory(
        event=event,
        language="es",
        title="Velada por Lenin",
        summary="Una noche de lecturas.",
        description="Textos escogidos y canciones.",
    )
    return event


def test_a_spanish_visitor_sees_the_spanish_title_on_the_list(client, translated):
    assert listed_titles(client.get("/events/", **SPANISH)) == ["Velada por Lenin"]


def test_a_spanish_visitor_sees_the_spanish_title_on_the_calendar(client, translated):
    days = calendar_days(client.get("/calendar/2024/1/", **SPANISH))
    assert days == {"2024-01-21": ["Velada por Lenin"]}


def test_a_spanish_visitor_sees_the_spanish_version_on_the_event_page(client, translated):
    page = client.get(translated.get_absolute_url(), **SPANISH).content.decode()
    assert "<h1>Velada por Lenin</h1>" in page
    assert "Textos escogidos y canciones." in page
    assert "Veillée pour Lénine" not in page


def test_a_spanish_visitor_gets_the_spanish_title_in_the_ics_feed(client, translated):
    feed = client.get("/events.ics", **SPANISH).content.decode()
    assert "SUMMARY:Velada por Lenin" in feed
    assert "Veillée" not in feed


def test_a_spanish_visitor_gets_the_spanish_title_in_the_atom_feed(client, translated):
    translated.approved_at = translated.created_at
    translated.save()
    feed = client.get("/events/feed.atom", **SPANISH).content.decode()
    assert '<title type="text">Velada por Lenin</title>' in feed
    assert "Veillée" not in feed


def test_the_api_answers_in_the_language_asked_for_and_says_which(client, translated):
    body = client.get(f"/api/v1/events/{translated.pk}/", **SPANISH).json()
    assert (body["title"], body["summary"], body["language"]) == (
        "Velada por Lenin",
        "Una noche de lecturas.",
        "es",
    )
    assert body["original_language"] == "fr"
    assert body["translations"] == {
        "es": {
            "title": "Velada por Lenin",
            "summary": "Una noche de lecturas.",
            "description": "Textos escogidos y canciones.",
            "reviewed": False,
        }
    }
    listed = client.get("/api/v1/events/", {"lang": "es"}).json()["results"]
    assert [(e["title"], e["language"]) for e in listed] == [("Velada por Lenin", "es")]
    original = client.get(f"/api/v1/events/{translated.pk}/", {"lang": "fr"}).json()
    assert (original["title"], original["language"]) == ("Veillée pour Lénine", "fr")


def test_a_german_visitor_sees_the_original_with_its_language_noted(client, translated):
    page = client.get(translated.get_absolute_url(), **GERMAN).content.decode()
    assert "<h1>Veillée pour Lénine</h1>" in page
    assert '<div lang="fr">' in page
    # The note of the original's language, and links to both versions.
    assert 'class="language-versions"' in page
    assert f'href="http://testserver{translated.get_absolute_url()}?lang=es"' in page
    assert listed_titles(client.get("/events/", **GERMAN)) == ["Veillée pour Lénine"]
    body = client.get(f"/api/v1/events/{translated.pk}/", **GERMAN).json()
    assert (body["title"], body["language"]) == ("Veillée pour Lénine", "fr")


def test_a_translation_waiting_for_the_committee_is_shown_nowhere(client, translated):
    EventTranslation.objects.update(status=EventTranslation.Status.WAITING)
    assert listed_titles(client.get("/events/", **SPANISH)) == ["Veillée pour Lénine"]
    body = client.get(f"/api/v1/events/{translated.pk}/", **SPANISH).json()
    assert (body["title"], body["translations"]) == ("Veillée pour Lénine", {})
    assert client.get("/events/", {"q": "Velada"}).context["page"].paginator.count == 0


def test_q_finds_an_event_by_a_word_only_its_french_version_holds(
    client, commemoration, organization
):
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        status=S.APPROVED,
        title="Lenin memorial",
        languages=["en"],
    )
    EventTranslationFactory(event=event, language="fr", title="Hommage à Lénine, faucille")
    EventFactory(commemoration=commemoration, organization=organization, status=S.APPROVED)

    assert listed_titles(client.get("/events/", {"q": "faucille"})) == ["Lenin memorial"]
    api = client.get("/api/v1/events/", {"q": "faucille"}).json()["results"]
    assert [e["id"] for e in api] == [event.pk]
    ics = client.get("/events.ics", {"q": "faucille"}).content.decode()
    assert ics.count("BEGIN:VEVENT") == 1


HREFLANG = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">')


def test_hreflang_links_point_to_pages_that_answer(client, translated):
    page = client.get(translated.get_absolute_url()).content.decode()
    links = dict(HREFLANG.findall(page))
    assert set(links) == {"fr", "es"}
    spanish = client.get(links["es"].removeprefix("http://testserver"))
    assert spanish.status_code == 200
    assert "<h1>Velada por Lenin</h1>" in spanish.content.decode()
    french = client.get(links["fr"].removeprefix("http://testserver"), **SPANISH)
    assert french.status_code == 200
    assert "<h1>Veillée pour Lénine</h1>" in french.content.decode()


SITEMAP_URL = re.compile(r"<loc>([^<]+)</loc>")
SITEMAP_ALTERNATE = re.compile(r'hreflang="([a-z-]+)"\s+href="([^"]+)"')


def test_the_sitemap_lists_events_organizations_and_months_with_answering_alternates(
    client, translated, events_in_every_state
):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    locations = SITEMAP_URL.findall(xml)
    path = translated.get_absolute_url()
    assert f"http://testserver{path}?lang=fr" in locations
    assert f"http://testserver{path}?lang=es" in locations
    # Not the German version, which does not exist.
    assert f"http://testserver{path}?lang=de" not in locations
    assert "http://testserver/organizations/workers-party/?lang=en" in locations
    assert "http://testserver/calendar/2024/1/?lang=en" in locations
    hidden = events_in_every_state[S.DRAFT].get_absolute_url()
    assert not any(hidden in location for location in locations)
    alternates = {href for _lang, href in SITEMAP_ALTERNATE.findall(xml)}
    assert f"http://testserver{path}?lang=es" in alternates
    for href in sorted(alternates)[:40]:
        assert client.get(href.removeprefix("http://testserver")).status_code == 200, href
