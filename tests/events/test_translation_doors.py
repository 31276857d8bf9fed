"""Translations through the admin and the member area: the same service
(events.translations), the same rules as the API's."""

import pytest

from commemoration.models import CommemorationTranslation
from events.models import Event, EventTranslation
from tests.doors import admin_change_url as change_url
from tests.doors import admin_form_data as form_data
from tests.factories import EventFactory, EventTranslationFactory

S = Event.Status
pytestmark = pytest.mark.django_db


def translation_rows(prefix="translations", rows=()):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{name}": value for name, value in row.items()})
    return data


def test_the_committee_adds_a_translation_in_the_admin_and_it_is_live(
    moderator_client, organization
):
    event = EventFactory(organization=organization, status=S.APPROVED, languages=["fr"])
    row = {"language": "es", "title": "Velada", "summary": "Una noche.", "description": ""}

    response = moderator_client.post(
        change_url(event), {**form_data(event), **translation_rows(rows=[row])}
    )

    assert response.status_code == 302
    translation = EventTranslation.objects.get(event=event)
    assert (translation.language, translation.title, translation.status) == (
        "es",
        "Velada",
        EventTranslation.Status.LIVE,
    )
    assert event.moderation_records.get().note == "Translation saved: es."


def test_the_committee_approves_a_waiting_translation_in_the_admin(moderator_client, organization):
    event = EventFactory(organization=organization, status=S.APPROVED, languages=["fr"])
    waiting = EventTranslationFactory(
        event=event, language="es", status=EventTranslation.Status.WAITING
    )
    data = {
        **form_data(event),
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "1",
        "translations-0-id": str(waiting.pk),
        "translations-0-event": str(event.pk),
        "translations-0-language": "es",
        "translations-0-title": waiting.title,
        "translations-0-summary": waiting.summary,
        "translations-0-description": "",
        "translations-0-approve": "on",
    }

    assert moderator_client.post(change_url(event), data).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == EventTranslation.Status.LIVE


def test_a_member_translates_their_event_in_the_member_area(member_client, member, organization):
    event = EventFactory(organization=organization, languages=["fr"])
    page = member_client.get(f"/my/events/{event.pk}/").content.decode()
    assert f'href="/my/events/{event.pk}/translations/es/"' in page
    assert f'href="/my/events/{event.pk}/translations/fr/"' not in page

    response = member_client.post(
        f"/my/events/{event.pk}/translations/es/",
        {"title": "Velada", "summary": "Una noche.", "description": "Textos."},
    )

    assert response.status_code == 302
    translation = EventTranslation.objects.get(event=event)
    assert (translation.title, translation.updated_by) == ("Velada", member)
    assert member_client.get(f"/my/events/{event.pk}/translations/fr/").status_code == 404


def test_a_member_form_keeps_what_was_typed_when_refused(member_client, organization):
    event = EventFactory(organization=organization, languages=["fr"])

    response = member_client.post(
        f"/my/events/{event.pk}/translations/es/", {"title": "Velada", "summary": ""}
    )

    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert 'value="Velada"' in response.content.decode()
    assert not EventTranslation.objects.exists()


def test_an_outsider_cannot_reach_the_translation_form(client, outsider, organization):
    event = EventFactory(organization=organization, languages=["fr"])
    client.force_login(outsider)
    response = client.post(
        f"/my/events/{event.pk}/translations/es/", {"title": "X", "summary": "Y"}
    )
    assert response.status_code == 404
    assert not EventTranslation.objects.exists()


def test_the_home_page_shows_the_visitors_version_of_the_commemoration(client, commemoration):
    commemoration.title = "Lenin centenary"
    commemoration.tagline = "Actions in every country"
    commemoration.appeal = "The English appeal."
    commemoration.save()
    CommemorationTranslation.objects.create(
        commemoration=commemoration,
        language="es",
        title="Centenario de Lenin",
        tagline="Acciones en cada país",
        appeal="El llamamiento en español.",
    )

    spanish = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<h1 id="commemoration-title">Centenario de Lenin</h1>' in spanish
    assert "Acciones en cada país" in spanish
    assert "El llamamiento en español." in spanish
    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f'<h1 id="commemoration-title">{commemoration.title}</h1>' in german
    assert "The English appeal." in german
