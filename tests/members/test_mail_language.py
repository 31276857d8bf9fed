"""Every e-mail goes out in its recipient's language, whoever acted and in whatever
language they work."""

import pytest
from django.utils import translation

from events.services import reject_event, submit_event
from organizations.models import AccountLanguage, language_of
from tests.factories import EventFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://commemoration.example.net"


def test_a_rejection_reaches_a_russian_speaking_member_in_russian(
    organization, commemoration, member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    AccountLanguage.objects.create(user=member, language="ru")
    event = EventFactory(organization=organization, commemoration=commemoration, title="Фильм")
    submit_event(event, by=member)

    # The committee member works in English.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        reject_event(event, by=moderator, reason="Укажите адрес кинотеатра.")

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["alice@example.org"], "Не одобрено: «Фильм»")
    ]
    body = mailoutbox[0].body
    assert "Координационный комитет не одобрил ваше мероприятие «Фильм»." in body
    assert "Причина:\nУкажите адрес кинотеатра.\n" in body
    assert "Вы можете изменить мероприятие и отправить его снова:" in body


def test_without_a_preference_mail_keeps_the_language_of_whoever_acted(
    organization, commemoration, member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    event = EventFactory(organization=organization, commemoration=commemoration, title="Film")
    submit_event(event, by=member)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        reject_event(event, by=moderator, reason="Falta la dirección.")
    assert mailoutbox[0].subject == "No aprobado: «Film»"


def test_a_member_chooses_the_language_of_their_mail_in_the_member_area(member_client, member):
    page = member_client.get("/my/language/")
    assert page.status_code == 200

    response = member_client.post("/my/language/", {"language": "ru"})

    assert response.status_code == 302
    assert language_of(member) == "ru"
    refused = member_client.post("/my/language/", {"language": "xx"})
    assert refused.status_code == 200
    assert "language" in refused.context["form"].errors
    assert language_of(member) == "ru"


def test_joining_keeps_the_language_one_joined_in(client, organization, mailoutbox):
    client.post(
        "/accounts/join/",
        {
            "name": "Dolores",
            "email": "dolores@example.org",
            "password1": "a-long-enough-password-2024",
            "password2": "a-long-enough-password-2024",
            "organization": organization.pk,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert AccountLanguage.objects.get(user__email="dolores@example.org").language == "fr"
