"""After choosing Spanish or French, the public pages carry no English interface text."""

import datetime

import pytest
from django.conf import settings

from events.models import Event
from tests.factories import CommemorationFactory, EventFactory, OrganizationFactory, local
from tests.i18n.catalogs import english_phrases, find_phrases, visible_text

# Strings each page must show once translated: the interface, and a localized date.
EXPECTED = {
    "es": {
        "home": ["Eventos", "Calendario", "Organizaciones", "Idioma", "21 de enero de 2024"],
    },
    "fr": {
        "home": ["Événements", "Calendrier", "Organisations", "Langue", "21 janvier 2024"],
    },
}


@pytest.fixture
def content(db):
    """Public content in no particular language, so that any English left is interface."""
    commemoration = CommemorationFactory(
        title="Lenin 1924–2024",
        appeal="Lenin 1870–1924.\n\nXXI–I–MMXXIV.",
        issued_by="CIPOML",
    )
    organization = OrganizationFactory(
        name="Partido Comunista Marxista-Leninista", slug="pcml", short_name="PCML"
    )
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Homenaje a Lenin",
        summary="Lenin 1924–2024.",
        description="Quito.",
        kind=Event.Kind.LECTURE,
        timezone="America/Guayaquil",
        starts_at=local(2024, 1, 21, 18, 0, "America/Guayaquil"),
        ends_at=local(2024, 1, 21, 20, 0, "America/Guayaquil"),
        city="Quito",
        country="EC",
        languages=["es"],
        status=Event.Status.APPROVED,
        approved_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC),
    )
    return {"home": "/", "event": event}


def choose_language(client, language, next_url):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("page", ["home"])
def test_page_shows_no_english_interface_text_after_choosing_a_language(
    client, content, language, page
):
    choose_language(client, language, content[page])

    response = client.get(content[page])

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert find_phrases(english_phrases(language), text) == []
    missing = [expected for expected in EXPECTED[language][page] if expected not in text]
    assert missing == []


def test_first_visit_follows_the_browsers_accept_language(client, content):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.8")

    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Calendrier" in visible_text(html)
    assert response["Content-Language"] == "fr"


def test_language_form_returns_the_visitor_to_the_same_page_and_query(client, content):
    response = client.get("/?from=test")

    html = response.content.decode()
    assert '<input type="hidden" name="next" value="/?from=test">' in html
    choose_language(client, "es", "/?from=test")
    assert '<html lang="es">' in client.get("/?from=test").content.decode()


def test_english_remains_available_after_another_language(client, content):
    choose_language(client, "fr", "/")

    choose_language(client, "en", "/")

    text = visible_text(client.get("/").content.decode())
    assert "Calendar" in text
    assert "Calendrier" not in text
