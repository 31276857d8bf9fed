"""/figures/, a report and its form carry no English interface text in Spanish or French."""

import pytest

from events.models import Event, EventReport
from organizations.models import Membership
from tests.factories import (
    CommemorationFactory,
    EventFactory,
    EventReportFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    local,
)
from tests.i18n.catalogs import english_phrases, find_phrases, visible_text

EXPECTED = {
    "es": {
        "figures": ["Eventos por país", "Ecuador", "Participantes por tipo de evento"],
        "committee": ["Para el comité", "1 organización aún no ha registrado nada"],
        "event": ["Lo que logró el evento", "Participaron 120 personas."],
        "report": ["Modificar el informe", "Fotos", "Quitar estas fotos"],
    },
    "fr": {
        "figures": ["Événements par pays", "Équateur", "Participants par type d’événement"],
        "committee": ["Pour le comité", "1 organisation n’a encore rien enregistré"],
        "event": ["Ce que l’événement a accompli", "120 personnes y ont participé."],
        "report": ["Modifier le compte rendu", "Photos", "Retirer ces photos"],
    },
}


@pytest.fixture
def content(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    commemoration = CommemorationFactory(title="Lenin 1924–2024", appeal="", issued_by="CIPOML")
    organization = OrganizationFactory(name="PCML", slug="pcml", country="EC")
    OrganizationFactory(name="PCOF", slug="pcof", country="FR")
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Homenaje a Lenin",
        summary="Quito.",
        description="Quito.",
        timezone="America/Guayaquil",
        starts_at=local(2024, 1, 21, 18, 0, "America/Guayaquil"),
        city="Quito",
        country="EC",
        languages=["es"],
        status=Event.Status.APPROVED,
    )
    report = EventReportFactory(
        event=event, participants=120, account="Quito.", status=EventReport.Status.APPROVED
    )
    report.photos.create(image="reports/2024/01/quito.png")
    ana = UserFactory(username="ana", first_name="Ana")
    MembershipFactory(user=ana, organization=organization, role=Membership.Role.ADMIN)
    return {"event": event, "ana": ana}


def text_of(client, url, language):
    client.post("/i18n/setlang/", {"language": language, "next": url})
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode())


@pytest.mark.parametrize("language", ["es", "fr"])
def test_figures_speak_the_chosen_language(client, content, language):
    text = text_of(client, "/figures/", language)

    assert find_phrases(english_phrases(language), text, language) == []
    assert [s for s in EXPECTED[language]["figures"] if s not in text] == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_committees_figures_speak_the_chosen_language(moderator_client, content, language):
    text = text_of(moderator_client, "/figures/", language)

    assert find_phrases(english_phrases(language), text, language) == []
    assert [s for s in EXPECTED[language]["committee"] if s not in text] == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_a_report_and_its_form_speak_the_chosen_language(client, content, language):
    event = content["event"]
    public = text_of(client, event.get_absolute_url(), language)
    client.force_login(content["ana"])
    form = text_of(client, f"/my/events/{event.pk}/report/", language)
    mine = text_of(client, f"/my/events/{event.pk}/", language)

    for text in (public, form, mine):
        assert find_phrases(english_phrases(language), text, language) == []
    assert [s for s in EXPECTED[language]["event"] if s not in public] == []
    assert [s for s in EXPECTED[language]["report"] if s not in form + mine] == []
