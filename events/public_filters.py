"""The event filters as the public pages show them: the form, the filters in use, the links.

The filtering itself is events.filters.EventFilter, shared with the feeds and the API;
this module only dresses its form for people and describes what a query string asks for.
"""

from functools import lru_cache

from django import forms
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from commemoration.widgets import QuickSelect, WrittenChoices
from events.caching import shared_version
from events.filters import EventFilter
from events.languages import language_choices, language_name
from events.models import Event
from events.selectors import countries_in_use, languages_in_use
from events.timezones import this_quarter_hour, timezone_choices

# The fields of the form on the list and the calendar; the others (commemoration, around,
# days) are honoured when given in the query string and kept as hidden fields.
FORM_FIELDS = (
    "q",
    "starts_after",
    "starts_before",
    "country",
    "kind",
    "organization",
    "language",
    "online",
    "near",
    "radius",
    "tz",
)
DATE_PARAMETERS = ("starts_after", "starts_before", "around", "days")
PAGE_PARAMETER = "page"


class ListSelect(QuickSelect):
    """A drop-down for a filter that also accepts several values in the query string."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        return getlist(name) if getlist else data.get(name)


def public_event_filter(data):
    """EventFilter over public events, for the feeds; an empty query filters nothing."""
    return EventFilter(data or None, queryset=Event.objects.public())


def page_event_filter(data):
    """public_event_filter with its form ready to be shown to a visitor."""
    filterset = public_event_filter(data)
    form = filterset.form
    form.label_suffix = ""
    fields = form.fields
    for form_field in fields.values():
        # The help texts describe the API's parameters; the page's labels say enough.
        form_field.help_text = ""
    for name in ("starts_after", "starts_before"):
        fields[name].widget = forms.DateInput(attrs={"type": "date"})
    fields["q"].widget = forms.SearchInput()
    # The drop-downs offer the countries and languages that have events, and whatever the
    # query asks for; the fields still accept every code, as the API does.
    asked = {name: _asked_values(filterset.data, name) for name in ("country", "language")}
    fields["country"].widget = ListSelect(
        choices=_country_menu(
            get_language(), frozenset(countries_in_use() | {c.upper() for c in asked["country"]})
        )
    )
    fields["kind"].widget = ListSelect(choices=KIND_CHOICES)
    fields["language"].widget = QuickSelect(
        choices=_language_menu(
            get_language(), frozenset(languages_in_use() | set(asked["language"]))
        )
    )
    fields["organization"].widget = QuickSelect(
        choices=_organization_menu(get_language(), shared_version())
    )
    fields["online"].widget = QuickSelect(choices=ONLINE_CHOICES)
    fields["tz"].widget = QuickSelect(
        choices=_zone_menu(this_quarter_hour()), attrs={"data-zone-select": ""}
    )
    return filterset


# The drop-downs' choices, each list made and written once (commemoration.widgets
# .WrittenChoices) for what shapes it: the language of its labels, the codes it offers, the
# organizations as they stand (shared_version), the zones' offsets of the quarter hour.
KIND_CHOICES = WrittenChoices([("", _("Any kind")), *Event.Kind.choices])
ONLINE_CHOICES = WrittenChoices(
    [("", _("In person or online")), ("true", _("Online")), ("false", _("In person"))]
)


@lru_cache(maxsize=64)
def _country_menu(language, codes):
    return WrittenChoices([("", _("Any country")), *_offered(countries, codes)])


@lru_cache(maxsize=64)
def _language_menu(language, codes):
    return WrittenChoices([("", _("Any language")), *_offered(language_choices(), codes)])


@lru_cache(maxsize=16)
def _organization_menu(language, version):
    # As the filter's ModelChoiceField offers them: by slug, named as str() names them.
    organizations = EventFilter.base_filters["organization"].queryset
    return WrittenChoices(
        [("", _("Any organization")), *((org.slug, str(org)) for org in organizations.all())]
    )


@lru_cache(maxsize=4)
def _zone_menu(quarter):
    return WrittenChoices([("", _("Each event in its own time zone")), *timezone_choices(quarter)])


def _asked_values(data, name):
    if data is None:
        return []
    return [part.strip() for value in data.getlist(name) for part in value.split(",")]


def _offered(choices, codes):
    return [(code, label) for code, label in choices if code in codes]


def filters_are_valid(filterset):
    return not filterset.is_bound or filterset.is_valid()


def filter_errors_text(filterset):
    """The form's errors as plain text lines, each naming its query parameter."""
    return "\n".join(
        f"{name}: {' '.join(str(message) for message in messages)}"
        for name, messages in filterset.form.errors.items()
    )


def query_without(query, *names):
    """The query string without the given parameters (nor the page number), for a link."""
    rest = query.copy()
    for name in (*names, PAGE_PARAMETER):
        rest.pop(name, None)
    return rest.urlencode()


def hidden_parameters(query, shown=FORM_FIELDS):
    """Parameters the form does not show but the page honours, to resubmit with the form."""
    return [
        (name, value)
        for name in EventFilter.base_filters
        if name not in shown
        for value in query.getlist(name)
        if value.strip()
    ]


def _display_date(value):
    return formats.date_format(
        value, "DATETIME_FORMAT" if hasattr(value, "hour") else "DATE_FORMAT"
    )


_DISPLAY = {
    "country": lambda codes: ", ".join(countries.name(code) for code in codes),
    "kind": lambda kinds: ", ".join(str(Event.Kind(kind).label) for kind in kinds),
    "language": language_name,
    "online": lambda online: _("Online") if online else _("In person"),
    "starts_after": _display_date,
    "starts_before": _display_date,
    "around": _display_date,
}


def active_filters(filterset, query):
    """Each filter in use: its label, what it asks for, and the link to the page without it."""
    filters_are_valid(filterset)  # validates once, so that cleaned_data exists when bound
    cleaned = getattr(filterset.form, "cleaned_data", {})
    active = []
    for name, filter_ in filterset.filters.items():
        raw = [value for value in query.getlist(name) if value.strip()]
        if not raw:
            continue
        if name in cleaned and cleaned[name] not in (None, "", []):
            value = _DISPLAY.get(name, str)(cleaned[name])
        else:
            value = ", ".join(raw)
        active.append(
            {
                "name": name,
                "label": filter_.label,
                "value": value,
                "remove_query": query_without(query, name),
            }
        )
    return active


def day_query(query, day, *without):
    """The list's query string for one local day, keeping the other filters (less the
    parameters named in `without`, a page's own)."""
    rest = query.copy()
    for name in (*DATE_PARAMETERS, PAGE_PARAMETER, *without):
        rest.pop(name, None)
    rest["starts_after"] = rest["starts_before"] = day.isoformat()
    return rest.urlencode()
