"""ISO 639-1 languages an event can be held in."""

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language

LANGUAGE_CODES = frozenset(
    language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
)


@lru_cache(maxsize=16)
def _translations(lang):
    try:
        return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def language_name(code, lang=None):
    """The language's name in the visitor's language where pycountry has it."""
    record = pycountry.languages.get(alpha_2=code)
    if record is None:
        return code
    lang = (lang or get_language() or "en").split("-")[0]
    return _translations(lang).gettext(record.name)


def language_choices(lang=None):
    """(code, name) of every language, by name in the visitor's language (or `lang`)."""
    return list(_language_choices((lang or get_language() or "en").split("-")[0]))


@lru_cache(maxsize=16)
def _language_choices(lang):
    return tuple(
        sorted(((code, language_name(code, lang)) for code in LANGUAGE_CODES), key=lambda c: c[1])
    )


def coded_language_choices(codes=LANGUAGE_CODES, lang=None):
    """Choices for a form: "French (fr)", so that a name and its code are both found."""
    return sorted(
        ((code, f"{language_name(code, lang)} ({code})") for code in codes),
        key=lambda choice: choice[1].casefold(),
    )
