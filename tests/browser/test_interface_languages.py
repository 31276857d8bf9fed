"""Each of the eight interface languages, chosen once with the switcher, speaks on every page
without a word of another language's interface; Arabic mirrors and fits a phone."""

import datetime
import pprint
import re

import pytest
from django.conf import settings

from events.models import Event
from tests.factories import CommemorationFactory, EventFactory, OrganizationFactory, local
from tests.i18n.catalogs import PLACEHOLDER, TRANSLATED_LANGUAGES, read_po

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES = ["home", "list", "calendar", "event"]
# The templates and code whose strings these four pages show: their shell (base.html), the
# pages themselves, their filters and the event's choices.
PAGE_SOURCES = (
    "templates/base.html",
    "templates/commemoration/",
    "commemoration/settings.py",
    "templates/events/",
    "events/public_filters.py",
    "events/filters.py",
    "events/models.py",
    "events/forms.py",
)
MIN_LENGTH = 9


def _pieces(text):
    """A message split at its placeholders and HTML tags, keeping the distinctive pieces."""
    for piece in PLACEHOLDER.split(re.sub(r"<[^>]+>", "\x00", text)):
        for part in piece.split("\x00"):
            part = part.strip(" .,:;…()“”«»„\"'!?¿¡")
            if len(part) >= MIN_LENGTH:
                yield part


def interface_phrases():
    """language -> the distinctive pieces of its interface strings shown on these pages.

    English is the catalogues' msgid; every other language its msgstr forms."""
    phrases = {"en": set()}
    for language in TRANSLATED_LANGUAGES:
        phrases[language] = set()
        for entry in read_po(language):
            if not any(ref.startswith(PAGE_SOURCES) for ref in entry.references):
                continue
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                phrases["en"].update(_pieces(msgid))
            for form in entry.msgstr:
                phrases[language].update(_pieces(form))
    return phrases


def own_phrases(language):
    """Every piece of every string of the language's catalogue (the whole catalogue, not only
    these pages'), so that a piece another language shares with it is never counted."""
    if language == "en":
        return {piece for entry in read_po("es") for piece in _pieces(entry.msgid)}
    return {
        piece for entry in read_po(language) for form in entry.msgstr for piece in _pieces(form)
    }


def foreign_phrases(language):
    """Pieces of the other languages' interface that must not be read on a page in
    `language`: distinctive (at least nine characters; equal neither to an English msgid
    when the language is not English, nor to any piece of the language's own catalogue)."""
    phrases = interface_phrases()
    own = own_phrases(language)
    foreign = set().union(*(found for code, found in phrases.items() if code != language))
    return {phrase for phrase in foreign if phrase not in own}


# What a visitor reads in the page's language: text and the attributes read out, leaving
# out what is marked as another language (each language's own name in the switcher).
VISIBLE_TEXT = """(language) => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll("script, style, template, select option").forEach((e) => e.remove());
    body.querySelectorAll("[lang]").forEach((e) => {
        if (e.getAttribute("lang") !== language) e.remove();
    });
    const attributes = [...body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")]
        .flatMap((e) => ["aria-label", "title", "placeholder", "alt"].map((a) => e.getAttribute(a)))
        .filter(Boolean);
    document.documentElement.appendChild(body);
    const text = body.innerText;
    body.remove();
    return [text, ...attributes, document.title].join("\\n");
}"""


@pytest.fixture
def pages(db, django_db_serialized_rollback):
    """Content with no words of any interface language, so that what is found is interface."""
    commemoration = CommemorationFactory(
        title="Lenin 1924–2024", appeal="Lenin 1870–1924.\n\nXXI–I–MMXXIV.", issued_by="CIPOML"
    )
    organization = OrganizationFactory(name="PCML", slug="pcml", short_name="PCML", country="EC")
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Lenin 1924–2024 Quito",
        summary="Lenin 1924–2024.",
        description="Quito.",
        kind=Event.Kind.LECTURE,
        timezone="America/Guayaquil",
        starts_at=local(2024, 1, 21, 18, 0, "America/Guayaquil"),
        ends_at=local(2024, 1, 21, 20, 0, "America/Guayaquil"),
        venue="PCML",
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
    }


def choose_with_the_switcher(page, language):
    page.goto("/")
    page.locator("#language-switcher-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language-switcher button[type=submit]").click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_carry_no_interface_string_of_another_language(page, pages, language):
    """Chosen once on the home page, the language sticks on every page visited afterwards
    (the switcher's cookie), and no page shows a piece of another catalogue.

    The other languages' phrases come from the catalogues' strings of these pages' templates
    and code: the English msgids and every other language's msgstr, at least nine characters
    long (shorter words, "Online", "Ecuador", are shared by too many languages to tell), and
    never a piece of the language's own catalogue (Spanish and Portuguese both say
    "Participantes"). The page's text is what a visitor reads in that language: its visible
    text and the labels read out, without the parts marked with another `lang`; a phrase
    counts only as whole words (Spanish "Eventos del" is not Portuguese "Eventos de")."""
    foreign = foreign_phrases(language)
    assert len(foreign) > 300
    choose_with_the_switcher(page, language)

    found = {}
    for name in PAGES:
        page.goto(pages[name])
        assert page.locator("html").get_attribute("lang") == language
        text = page.evaluate(VISIBLE_TEXT, language)
        leftovers = sorted(
            phrase for phrase in foreign if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        )
        if leftovers:
            found[name] = leftovers

    assert found == {}, pprint.pformat(found)


def test_arabic_pages_mirror_fit_a_phone_and_pass_axe(
    phone, pages, prefer_language, serious_accessibility_violations
):
    prefer_language(phone, "ar")

    report = {}
    for name in PAGES:
        phone.goto(pages[name])
        direction = phone.locator("html").get_attribute("dir")
        overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        # The back and forward arrows turn with the reading direction.
        arrows = phone.evaluate(
            """() => [...document.querySelectorAll(".arrow")]
                .map((e) => getComputedStyle(e).transform)"""
        )
        report[name] = {
            "dir": direction,
            "overflow": max(overflow, 0),
            "violations": serious_accessibility_violations(phone),
            "unturned arrows": [t for t in arrows if t == "none"],
        }

    expected = {"dir": "rtl", "overflow": 0, "violations": [], "unturned arrows": []}
    assert report == {name: expected for name in PAGES}, pprint.pformat(report)
    phone.goto(pages["calendar"])
    assert phone.locator(".arrow").count() >= 1
