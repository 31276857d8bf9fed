"""Every interface language's catalog is complete, compiled, and keeps its placeholders."""

import gettext
import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from tests.i18n.catalogs import (
    LOCALE_DIR,
    PLACEHOLDER,
    ROOT,
    TRANSLATED_LANGUAGES,
    catalog_problems,
    read_po,
)


def catalog_key(entry):
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid


def test_every_interface_language_but_english_is_checked():
    assert TRANSLATED_LANGUAGES == ["es", "fr", "de", "pt", "ru", "tr", "ar"]
    assert [code for code, _name in settings.LANGUAGES] == ["en", *TRANSLATED_LANGUAGES]
    assert all(
        (LOCALE_DIR / code / "LC_MESSAGES" / "django.po").exists() for code in TRANSLATED_LANGUAGES
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalog_has_no_missing_untranslated_fuzzy_or_broken_entry(language):
    assert catalog_problems(language) == []


SAMPLE_CATALOG = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Events"
msgstr "Veranstaltungen"

msgid "Page not found"
msgstr ""

#, fuzzy
msgid "Calendar"
msgstr "Kalender"

msgid "Cancelled: %(title)s"
msgstr "Abgesagt"

msgid "%(n)d event approved"
msgid_plural "%(n)d events approved"
msgstr[0] "%(n)d Veranstaltung genehmigt"
msgstr[1] ""
"""


def test_check_reports_a_deliberately_untranslated_string(tmp_path):
    """The check fails, naming the message, on a catalog with one string left untranslated."""
    catalog = tmp_path / "de" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "django.po").write_text(SAMPLE_CATALOG, encoding="utf-8")

    assert catalog_problems("de", locale_dir=tmp_path) == [
        ("Page not found", "untranslated"),
        ("Calendar", "fuzzy"),
        ("Cancelled: %(title)s", "placeholders"),
        ("%(n)d event approved", "untranslated"),
    ]


def test_check_passes_a_complete_catalog(tmp_path):
    catalog = tmp_path / "de" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Page not found"\nmsgstr "Seite nicht gefunden"\n',
        encoding="utf-8",
    )

    assert catalog_problems("de", locale_dir=tmp_path) == []


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


def test_catalogs_hold_every_interface_string_of_the_code(tmp_path):
    """makemessages over a copy of the code finds no message missing from our catalogs.

    A string marked for translation after the catalogs were last updated would show in
    English to every visitor; run makemessages and translate it (see README).
    """
    if shutil.which("xgettext") is None:
        message = "Checking the catalogs needs GNU gettext (apt-get install gettext)."
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    copy = tmp_path / "code"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "staticfiles", "vendor", "node_modules", "*.mo", "*.po"
        ),
    )
    (copy / "locale").mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--ignore=tests"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": ""},
    )
    found = {catalog_key(entry) for entry in read_po("es", locale_dir=copy / "locale")}

    for language in TRANSLATED_LANGUAGES:
        ours = {catalog_key(entry) for entry in read_po(language)}
        assert sorted(found - ours) == [], f"Missing from the {language} catalog"
