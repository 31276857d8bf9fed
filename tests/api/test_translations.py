"""Writing an event's translations through the API: the same rules as the member area's
and the admin's (events.translations)."""

from events.models import EventTranslation, ModerationRecord
from tests.api.conftest import EVENTS
from tests.factories import EventFactory, EventTranslationFactory

S = EventTranslation.Status
SPANISH = {"title": "Velada", "summary": "Una noche.", "description": "Textos."}


def url(event, language="es"):
    return f"{EVENTS}{event.pk}/translations/{language}/"


def test_a_member_adds_a_translation_to_their_draft(alice_api, organization, commemoration):
    draft = EventFactory(organization=organization, commemoration=commemoration)

    response = alice_api.put(url(draft), SPANISH, format="json")

    assert response.status_code == 200
    expected = {**SPANISH, "reviewed": False, "needs_review": False, "status": "live"}
    assert response.json() == expected
    translation = EventTranslation.objects.get(event=draft)
    assert (translation.language, translation.title, translation.status) == ("es", "Velada", S.LIVE)


def test_a_translation_of_an_untrusted_public_event_waits_for_the_committee(
    alice_api, carol_api, public_event, moderator
):
    response = alice_api.put(url(public_event), SPANISH, format="json")

    assert response.json()["status"] == "waiting"
    public_event.refresh_from_db()
    assert public_event.status == "approved"
    assert public_event.shown("es").title == public_event.title
    note = ModerationRecord.objects.filter(event=public_event).latest("pk").note
    assert note == "Translation saved: es, waiting for the committee."

    # The committee's own write (or approval) makes it live.
    carol = carol_api.put(url(public_event), {**SPANISH, "reviewed": True}, format="json")
    assert carol.json()["status"] == "live"
    assert EventTranslation.objects.get().status == S.LIVE


def test_a_trusted_organizations_translation_goes_live_at_once(alice_api, public_event):
    public_event.organization.is_trusted = True
    public_event.organization.save()

    response = alice_api.put(url(public_event), SPANISH, format="json")

    assert response.json()["status"] == "live"
    public_event.refresh_from_db()
    assert public_event.shown("es").title == "Velada"


def test_an_outsider_cannot_translate_and_nobody_translates_into_the_original_language(
    alice_api, bob_api, anon, public_event
):
    assert bob_api.put(url(public_event), SPANISH, format="json").status_code == 404
    assert anon.put(url(public_event), SPANISH, format="json").status_code == 401
    original = alice_api.put(url(public_event, "fr"), SPANISH, format="json")
    assert original.status_code == 400
    assert list(original.json()) == ["language"]
    unknown = alice_api.put(url(public_event, "xx"), SPANISH, format="json")
    assert (unknown.status_code, list(unknown.json())) == (400, ["language"])
    missing = alice_api.put(url(public_event), {"title": "Sólo"}, format="json")
    assert (missing.status_code, list(missing.json())) == (400, ["summary"])
    assert not EventTranslation.objects.exists()


def test_a_member_removes_a_translation(alice_api, public_event):
    EventTranslationFactory(event=public_event, language="es")

    assert alice_api.delete(url(public_event)).status_code == 204
    assert not EventTranslation.objects.exists()
    assert alice_api.delete(url(public_event)).status_code == 404


def test_editing_the_original_flags_its_translations(alice_api, organization, commemoration):
    draft = EventFactory(organization=organization, commemoration=commemoration)
    EventTranslationFactory(event=draft, language="es", reviewed=True)
    EventTranslationFactory(event=draft, language="en")

    alice_api.patch(f"{EVENTS}{draft.pk}/", {"kind": "film"}, format="json")
    assert not EventTranslation.objects.filter(needs_review=True).exists()

    response = alice_api.patch(f"{EVENTS}{draft.pk}/", {"title": "New title"}, format="json")

    assert response.status_code == 200
    assert set(EventTranslation.objects.values_list("language", "needs_review")) == {
        ("es", True),
        ("en", True),
    }
    assert (
        alice_api.get(f"{EVENTS}{draft.pk}/", {"lang": "fr"}).json()["translations"]["es"][
            "reviewed"
        ]
        is False
    )
    # Rewriting the translation clears the flag.
    alice_api.put(url(draft), SPANISH, format="json")
    assert EventTranslation.objects.get(language="es").needs_review is False


def test_the_schema_documents_the_translation_endpoint(anon):
    paths = anon.get("/api/schema/?format=json").json()["paths"]
    assert set(paths["/api/v1/events/{id}/translations/{language}/"]) >= {"put", "delete"}
