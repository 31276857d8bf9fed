"""The API's body parsers: DRF's own, refusing a NUL character anywhere in the body.

DRF's CharField refuses one, but a slug that names a related object (an organization,
a commemoration) is looked up before any validator runs, and PostgreSQL text cannot hold
a NUL: refused here, in every field of every write at once, each field named.
"""

from rest_framework import parsers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from commemoration.middleware import NULL_CHARACTER_MESSAGE


def _holds_null_character(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_null_character(k) or _holds_null_character(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_null_character(item) for item in value)
    return False


def refuse_null_characters(data):
    """A 400 naming each top-level field of `data` that holds a NUL character."""
    if hasattr(data, "lists"):  # a QueryDict: each name with all its values
        items = [(name, values) for name, values in data.lists()]
    elif isinstance(data, dict):
        items = data.items()
    else:
        items = [(api_settings.NON_FIELD_ERRORS_KEY, data)]
    names = [str(name) for name, value in items if _holds_null_character([name, value])]
    if names:
        raise ValidationError(
            {name.replace("\x00", ""): [str(NULL_CHARACTER_MESSAGE)] for name in names}
        )
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return refuse_null_characters(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return refuse_null_characters(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_null_characters(parsed.data)
        return parsed
