"""The Spanish and French catalogs are complete, compiled, and keep their placeholders."""

import gettext
import re

import pytest

from tests.i18n.catalogs import LOCALE_DIR, PLACEHOLDER, TRANSLATED_LANGUAGES, read_po


def catalog_key(entry):
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_has_a_reviewed_translation(language):
    entries = read_po(language)

    untranslated = [entry.msgid for entry in entries if not entry.is_translated]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]

    assert len(entries) > 150
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    """The committed .mo is compiled from the committed .po: no stale translation ships."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog

    mismatches = []
    for entry in read_po(language):
        if entry.msgid_plural is None:
            if compiled.get(catalog_key(entry)) != entry.msgstr[0]:
                mismatches.append(entry.msgid)
        elif any(
            compiled.get((catalog_key(entry), n)) != form for n, form in enumerate(entry.msgstr)
        ):
            mismatches.append(entry.msgid)

    assert mismatches == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_the_placeholders_of_their_message(language):
    broken = [
        (entry.msgid, form)
        for entry in read_po(language)
        for form in entry.msgstr
        if sorted(set(PLACEHOLDER.findall(form)))
        != sorted(set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid)))
    ]

    assert broken == []


def test_html_tags_of_a_message_survive_translation():
    tag = re.compile(r"</?\w+[^>]*>")
    broken = [
        (language, entry.msgid)
        for language in TRANSLATED_LANGUAGES
        for entry in read_po(language)
        for form in entry.msgstr
        if sorted(tag.findall(form)) != sorted(tag.findall(entry.msgid))
    ]

    assert broken == []
