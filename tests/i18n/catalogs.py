"""Reading our translation catalogs and the text a visitor reads on a page."""

import ast
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from events.languages import LANGUAGE_CODES, language_name

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "locale"
# Every interface language but English, the language of the code: a language added to
# settings.LANGUAGES is checked from then on.
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def is_translated(self):
        return bool(self.msgstr) and all(self.msgstr)


def read_po(language, domain="django", locale_dir=LOCALE_DIR):
    """The entries of locale/<language>/LC_MESSAGES/<domain>.po, header excluded."""
    text = (locale_dir / language / "LC_MESSAGES" / f"{domain}.po").read_text(encoding="utf-8")
    entries = []
    for block in re.split(r"\n\s*\n", text):
        entry, current = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                _append(entry, current, ast.literal_eval(line))
            else:
                keyword, _, value = line.partition(" ")
                current = keyword
                if keyword.startswith("msgstr"):
                    entry.msgstr.append("")
                    current = "msgstr"
                elif keyword not in {"msgid", "msgctxt", "msgid_plural"}:
                    raise ValueError(f"Unexpected line in {language}/{domain}.po: {line!r}")
                else:
                    setattr(entry, keyword, "")
                _append(entry, current, ast.literal_eval(value))
        if entry.msgid:
            entries.append(entry)
    return entries


def catalog_problems(language, domain="django", locale_dir=LOCALE_DIR):
    """What keeps a catalog from being complete: (msgid, problem) for every entry that is
    untranslated (an empty msgstr or plural form), fuzzy, or whose translation lacks or adds
    a placeholder of its message. An empty list means the catalog may ship."""
    problems = []
    for entry in read_po(language, domain, locale_dir):
        if not entry.is_translated:
            problems.append((entry.msgid, "untranslated"))
        if "fuzzy" in entry.flags:
            problems.append((entry.msgid, "fuzzy"))
        expected = sorted(set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid)))
        if any(
            form and sorted(set(PLACEHOLDER.findall(form))) != expected for form in entry.msgstr
        ):
            problems.append((entry.msgid, "placeholders"))
    return problems


def _append(entry, keyword, text):
    if keyword == "msgstr":
        entry.msgstr[-1] += text
    else:
        setattr(entry, keyword, (getattr(entry, keyword) or "") + text)


def english_phrases(language, min_letters=5):
    """English interface phrases that must not be left on a page in `language`.

    Every msgid whose translation differs, split at its placeholders; pieces shorter
    than `min_letters` letters ("to", "from", "Main") are too likely to be a word of
    the page's own content or a proper name to tell anything.
    """
    phrases = set()
    for entry in read_po(language):
        if entry.msgstr and entry.msgstr[0] == entry.msgid:
            continue
        for piece in PLACEHOLDER.split(entry.msgid):
            piece = piece.strip(" .,:;…()“”\"'")
            if sum(c.isalpha() for c in piece) >= min_letters:
                phrases.add(piece)
    return phrases


def find_phrases(phrases, text, language):
    """The phrases found in the text as whole words, case-sensitively.

    The names of the world's languages come from pycountry's catalogs, which leave a few
    rare ones in English ("Interlingua (International Auxiliary Language Association)"):
    they are data, not our interface, and are left out of the text first.
    """
    for name in sorted(_english_language_names(language), key=len, reverse=True):
        text = text.replace(name, "")
    return sorted(
        phrase for phrase in phrases if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    )


def _english_language_names(language):
    names = ((language_name(code, "en"), language_name(code, language)) for code in LANGUAGE_CODES)
    return {english for english, translated in names if english == translated}


class _VisibleText(HTMLParser):
    """What a visitor reads or hears in the page's language: text, and the attributes
    shown or read out. Text marked with another `lang` (the name of each language in the
    language menu, in that language) is left out."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipped, self.page_language = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page_language = attrs.get("lang")
        elif tag in self.HIDDEN or attrs.get("lang", self.page_language) != self.page_language:
            self.skipped.append(tag)
        if self.skipped:
            return
        self.parts.extend(v for k, v in attrs.items() if k in self.ATTRIBUTES and v)
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if self.skipped and self.skipped[-1] == tag:
            self.skipped.pop()

    def handle_data(self, data):
        if not self.skipped and data.strip():
            self.parts.append(data.strip())


def visible_text(html):
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)
