"""After choosing Spanish or French, the public pages carry no English interface text."""

import datetime

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Event
from organizations.models import Membership
from tests.factories import (
    CommemorationFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    local,
)
from tests.i18n.catalogs import english_phrases, find_phrases, visible_text

# Strings each page must show once translated: its interface, and localized dates.
EXPECTED = {
    "es": {
        "home": ["Calendario", "Idioma del sitio", "21 de enero de 2024", "El llamamiento"],
        "list": ["Filtrar los eventos", "1 evento", "domingo, 21 de enero de 2024", "Ecuador"],
        "calendar": ["enero de 2024", "febrero de 2024", "Mostrar los eventos", "Todos los países"],
        "event": ["Cuándo", "Dónde", "Ecuador", "Español", "Añadir a mi calendario"],
        "organizations": ["Partidos", "1 organización", "Ecuador"],
    },
    "fr": {
        "home": ["Calendrier", "Langue du site", "21 janvier 2024", "L’appel"],
        "list": ["Filtrer les événements", "1 événement", "dimanche, 21 janvier 2024", "Équateur"],
        "calendar": ["janvier 2024", "février 2024", "Afficher les événements", "Tous les pays"],
        "event": ["Quand", "Où", "Équateur", "Espagnol", "Ajouter à mon agenda"],
        "organizations": ["Partis", "1 organisation", "Équateur"],
        "log in": ["Se connecter", "Mot de passe", "Mot de passe oublié\u00a0?"],
    },
}
EXPECTED["es"]["log in"] = ["Iniciar sesión", "Contraseña", "¿Ha olvidado su contraseña?"]
PAGES = ["home", "list", "calendar", "event", "organizations", "log in"]
# The member area, for an admin of the organization.
MEMBER_EXPECTED = {
    "es": ["Mis eventos", "Cerrar sesión", "Idioma del sitio"],
    "fr": ["Mes événements", "Se déconnecter", "Langue du site"],
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
        name="Partido Comunista Marxista-Leninista", slug="pcml", short_name="PCML", country="EC"
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
    return {
        "home": "/",
        "list": "/events/",
        "calendar": "/calendar/",
        "event": event.get_absolute_url(),
        "organizations": "/organizations/",
        "log in": "/accounts/login/",
        "my events": "/my/",
        "my event": f"/my/events/{event.pk}/",
        "edit my event": f"/my/events/{event.pk}/edit/",
        "new event": "/my/events/new/",
        "members": f"/accounts/organizations/{organization.slug}/members/",
        "organization": organization,
        "commemoration": commemoration,
    }


def choose_language(client, language, next_url):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_page_shows_no_english_interface_text_after_choosing_a_language(
    client, content, language, page
):
    choose_language(client, language, content[page])

    response = client.get(content[page])

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="ltr">' in response.content.decode()
    assert find_phrases(english_phrases(language), text, language) == []
    missing = [expected for expected in EXPECTED[language][page] if expected not in text]
    assert missing == []


def test_first_visit_follows_the_browsers_accept_language(client, content):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.8")

    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Calendrier" in visible_text(html)
    assert response["Content-Language"] == "fr"


def test_language_form_returns_the_visitor_to_the_same_page_and_query(client, content):
    response = client.get("/?from=test")

    html = response.content.decode()
    assert '<input type="hidden" name="next" value="/?from=test">' in html
    choose_language(client, "es", "/?from=test")
    assert '<html lang="es" dir="ltr">' in client.get("/?from=test").content.decode()


def test_english_remains_available_after_another_language(client, content):
    choose_language(client, "fr", "/")

    choose_language(client, "en", "/")

    text = visible_text(client.get("/").content.decode())
    assert "Calendar" in text
    assert "Calendrier" not in text


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("page", ["my events", "my event", "edit my event", "new event", "members"])
def test_member_area_shows_no_english_interface_text_after_choosing_a_language(
    client, content, language, page
):
    ana = UserFactory(username="ana", first_name="Ana")
    MembershipFactory(user=ana, organization=content["organization"], role=Membership.Role.ADMIN)
    client.force_login(ana)
    choose_language(client, language, content[page])

    response = client.get(content[page])

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert find_phrases(english_phrases(language), text, language) == []
    missing = [expected for expected in MEMBER_EXPECTED[language] if expected not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Eventos", "Pendiente de moderación", "Aprobar los eventos seleccionados"]),
        ("fr", ["Événements", "En attente de modération", "Approuver les événements sélectionnés"]),
    ],
)
def test_moderation_desk_speaks_the_chosen_language(moderator_client, content, language, expected):
    EventFactory(
        commemoration=content["commemoration"],
        organization=content["organization"],
        title="Velada",
        status=Event.Status.SUBMITTED,
    )
    choose_language(moderator_client, language, "/admin/events/event/")

    response = moderator_client.get("/admin/events/event/")

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert [string for string in expected if string not in text] == []


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "Página no encontrada"), ("fr", "Page introuvable")]
)
def test_page_not_found_speaks_the_chosen_language(client, content, language, expected):
    choose_language(client, language, "/")

    response = client.get("/events/999999-nothing-here/")

    html = response.content.decode()
    text = visible_text(html)
    assert response.status_code == 404
    assert f'<html lang="{language}" dir="ltr">' in html
    assert expected in text
    assert find_phrases(english_phrases(language), text, language) == []


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "Error del servidor"), ("fr", "Erreur du serveur")]
)
def test_server_error_page_speaks_the_visitors_language(language, expected):
    with translation.override(language):
        html = render_to_string("500.html")

    assert f'<html lang="{language}" dir="ltr">' in html
    assert expected in visible_text(html)
    assert find_phrases(english_phrases(language), visible_text(html), language) == []
