"""One FilterSet for the public list, the calendar, the feeds and the API.

The parameter names are the public contract of MISSION.md, so that a filtered page,
its .ics feed and its API call share one query string.
"""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from commemoration.models import Commemoration
from events.languages import language_choices
from events.models import Event
from organizations.models import Organization

MAX_AROUND_DAYS = 366


class CommaSeparatedMultipleChoiceField(forms.MultipleChoiceField):
    """Accepts `?country=FR&country=DE` as well as `?country=FR,DE`."""

    def __init__(self, *args, normalize=None, **kwargs):
        self.normalize = normalize
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        values = []
        for item in super().to_python(value):
            values.extend(part.strip() for part in item.split(",") if part.strip())
        if self.normalize:
            values = [self.normalize(v) for v in values]
        return values


class MultipleChoiceCSVFilter(django_filters.MultipleChoiceFilter):
    field_class = CommaSeparatedMultipleChoiceField


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DateOrDateTimeField(forms.CharField):
    """A day (compared with the event's local date) or an instant with its UTC offset."""

    default_error_messages = {
        "invalid": _("Enter a date (YYYY-MM-DD) or a date and time with an offset."),
        "naive": _("A date and time needs a UTC offset, for example 2024-01-21T18:00+01:00."),
    }

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            day = parse_date(value)
            if day is not None:
                return day
            moment = parse_datetime(value.replace(" ", "+"))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_naive(moment):
            raise forms.ValidationError(self.error_messages["naive"], code="naive")
        return moment


class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField

    def __init__(self, *args, bound, **kwargs):
        self.bound = bound  # "gte" or "lte"
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        if isinstance(value, datetime.datetime):
            return qs.filter(**{f"starts_at__{self.bound}": value})
        return qs.filter(**{f"local_date__{self.bound}": value})


def _language_choices():
    return language_choices()


class EventFilter(django_filters.FilterSet):
    starts_after = DateOrDateTimeFilter(
        bound="gte",
        label=_("From"),
        help_text=_("Events starting on or after this local date, or this date and time."),
    )
    starts_before = DateOrDateTimeFilter(
        bound="lte",
        label=_("Until"),
        help_text=_("Events starting on or before this local date, or this date and time."),
    )
    around = django_filters.DateFilter(
        method="filter_around",
        label=_("Around"),
        help_text=_("Events whose local date is within `days` days of this date (YYYY-MM-DD)."),
    )
    days = IntegerFilter(
        method="filter_noop",
        label=_("Days around"),
        min_value=0,
        max_value=MAX_AROUND_DAYS,
        help_text=_("With `around`: how many days before and after (default 7, 0 for that day)."),
    )
    country = MultipleChoiceCSVFilter(
        choices=lambda: list(countries),
        normalize=str.upper,
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-2 codes; several allowed."),
    )
    kind = MultipleChoiceCSVFilter(
        choices=Event.Kind.choices,
        label=_("Kind"),
        help_text=_("Kinds of event; several allowed."),
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(),
        to_field_name="slug",
        method="filter_organization",
        label=_("Organization"),
        help_text=_("Slug of an organization hosting or co-organizing the event."),
    )
    language = django_filters.ChoiceFilter(
        choices=_language_choices,
        method="filter_language",
        label=_("Language"),
        help_text=_("ISO 639-1 code of a language spoken at the event."),
    )
    online = django_filters.BooleanFilter(
        method="filter_online",
        label=_("Online"),
        help_text=_("true: events that can be joined online; false: in person only."),
    )
    commemoration = django_filters.ModelChoiceFilter(
        queryset=Commemoration.objects.all(),
        to_field_name="slug",
        label=_("Commemoration"),
        help_text=_("Slug of the commemoration."),
    )
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        help_text=_("Words in the title, summary, description, city or organization."),
    )

    class Meta:
        model = Event
        fields = []

    def filter_noop(self, qs, name, value):
        return qs

    def filter_around(self, qs, name, value):
        if value is None:
            return qs
        days = self.form.cleaned_data.get("days")
        days = 7 if days is None else int(days)
        return qs.filter(
            local_date__gte=value - datetime.timedelta(days=days),
            local_date__lte=value + datetime.timedelta(days=days),
        )

    def filter_organization(self, qs, name, value):
        return qs.hosted_or_coorganized_by(value) if value else qs

    def filter_language(self, qs, name, value):
        # JSON text contains the quoted code: works alike on SQLite and PostgreSQL.
        return qs.filter(languages__icontains=f'"{value}"') if value else qs

    def filter_online(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(online_url="") if value else qs.filter(online_url="")

    def filter_q(self, qs, name, value):
        return qs.search(value)
