"""Each interface language brings its direction, week start and date and number formats."""

import re

import pytest

from tests.i18n.catalogs import visible_text
from tests.i18n.test_translated_pages import choose_language
from tests.i18n.test_translated_pages import content as content  # the same public content

FIRST_WEEKDAY = {
    "en": "Sunday",
    "es": "lunes",
    "fr": "lundi",
    "de": "Montag",
    "pt": "Domingo",
    "ru": "Понедельник",
    "tr": "Pazartesi",
    "ar": "الأحد",
}
EVENT_DATE = {
    "en": "Jan. 21, 2024",
    "es": "21 de enero de 2024",
    "fr": "21 janvier 2024",
    "de": "21. Januar 2024",
    "pt": "21 de Janeiro de 2024",
    "ru": "21 января 2024",
    "tr": "21 Ocak 2024",
    "ar": "يناير 21, 2024",
}


@pytest.mark.parametrize("language", list(FIRST_WEEKDAY))
def test_calendar_starts_its_week_and_writes_its_dates_as_the_language_does(
    client,
    content,
    language,
):
    choose_language(client, language, "/calendar/")

    html = client.get("/calendar/").content.decode()

    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    first_column = re.search(r'<th scope="col"><abbr title="([^"]+)">', html).group(1)
    assert first_column == FIRST_WEEKDAY[language]
    event_page = client.get(content["event"]).content.decode()
    assert EVENT_DATE[language] in visible_text(event_page)


@pytest.mark.parametrize("language", ["de", "ru", "ar"])
def test_the_chosen_language_sticks_across_pages(client, content, language):
    choose_language(client, language, "/")

    for url in ["/", "/events/", "/calendar/", content["event"], "/figures/"]:
        assert f'<html lang="{language}"' in client.get(url).content.decode(), url
