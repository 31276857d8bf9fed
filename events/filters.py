"""One FilterSet for the public list, the calendar, the feeds and the API.

The parameter names are the public contract of MISSION.md, so that a filtered page,
its .ics feed and its API call share one query string.
"""

import datetime
import zoneinfo

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from commemoration.models import Commemoration
from events import geo, places, timezones
from events.languages import language_choices
from events.models import Event
from organizations.models import Organization

MAX_AROUND_DAYS = 366
# Each word of `q` is one more condition on seven columns: bounded, a search stays cheap.
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 10


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
    """Several values of one column of the event. Not DISTINCT, as django-filter has it by
    default for a relation: on a column no row repeats, and DISTINCT over every column
    made the count of `?country=FR` sort the whole table (5 s at a million events)."""

    field_class = CommaSeparatedMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DateOrDateTimeField(forms.CharField):
    """A day (compared with the event's local date) or an instant with its UTC offset."""

    default_error_messages = {
        "invalid": _("Enter a date (YYYY-MM-DD) or a date and time with an offset."),
        "naive": _("A date and time needs a UTC offset, for example 2024-01-21T18:00+01:00."),
        "range": _("This date and time is out of range."),
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
        try:
            # The database compares in UTC: 0001-01-01T00:00+01:00 has no UTC time.
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["range"], code="range") from None


class DateOrDateTimeFilter(django_filters.CharFilter):
    field_class = DateOrDateTimeField

    def __init__(self, *args, bound, **kwargs):
        self.bound = bound  # "gte" or "lte"
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        if isinstance(value, datetime.datetime):
            return qs.filter(**{f"starts_at__{self.bound}": value})
        bounds = {"first": value} if self.bound == "gte" else {"last": value}
        return qs.on_days(**bounds, zone=self.parent.chosen_zone())


class SearchField(forms.CharField):
    """Words to search for: at most MAX_SEARCH_WORDS of them, MAX_SEARCH_LENGTH characters."""

    default_error_messages = {
        "words": _("Search for at most %(max)d words."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if len(value.split()) > MAX_SEARCH_WORDS:
            raise forms.ValidationError(
                self.error_messages["words"], code="words", params={"max": MAX_SEARCH_WORDS}
            )


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class StrictBooleanField(forms.NullBooleanField):
    """true or false (also 1/0, yes/no); anything else is an error rather than "any"."""

    widget = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])
    default_error_messages = {"invalid": _("Enter true or false.")}
    TRUE = frozenset({"true", "1", "yes", "on"})
    FALSE = frozenset({"false", "0", "no", "off"})

    def to_python(self, value):
        if isinstance(value, bool) or value is None:
            return value
        text = str(value).strip().lower()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value):
        return {True: "true", False: "false"}.get(value, value)


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class UpdatedSinceFilter(django_filters.CharFilter):
    """Changed at or after this instant; a bare date means its midnight in UTC."""

    field_class = DateOrDateTimeField

    def filter(self, qs, value):
        if value is None:
            return qs
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC)
        return qs.filter(updated_at__gte=value)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the chosen fields, then by id, so that pages never overlap."""

    def filter(self, qs, value):
        # "ordering=," is a list of empty names: no ordering asked for.
        value = [param for param in value or [] if param]
        if not value:
            return qs
        if "distance_km" not in qs.query.annotations:
            # Distance only means something with `near`, which orders by it.
            value = [param for param in value if param.lstrip("-") != "distance"]
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "pk")


class NearField(forms.CharField):
    """`<latitude>,<longitude>`, or a city of the gazetteer ("Lyon", "Lyon, FR", its id)."""

    default_error_messages = {
        "range": _("Latitude must be between -90 and 90, longitude between -180 and 180."),
        "unknown": _("Unknown place: give latitude,longitude or a city such as “Lyon, FR”."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        first, comma, second = value.partition(",")
        try:
            point = (float(first), float(second)) if comma else None
        except ValueError:
            point = None
        if point is not None:
            latitude, longitude = point
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise forms.ValidationError(self.error_messages["range"], code="range")
            return point
        place = places.lookup(value)
        if place is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return (place.latitude, place.longitude)


class NearFilter(django_filters.CharFilter):
    field_class = NearField


class TimeZoneField(forms.CharField):
    """An IANA zone (America/New_York) in which to read days and show times: a ZoneInfo.

    Only canonical names: a deprecated alias (Asia/Calcutta) or an odd one (Etc/GMT+5) is
    refused, so that one zone has one address and one cached answer."""

    default_error_messages = {
        "unknown": _(
            "Unknown time zone for tz: give an IANA name such as America/New_York or Europe/Paris."
        ),
    }

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        zone = timezones.canonical_timezone(value) if len(value) <= 100 else None
        if zone is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return zoneinfo.ZoneInfo(zone)

    def prepare_value(self, value):
        return getattr(value, "key", value)


class TimeZoneFilter(django_filters.CharFilter):
    field_class = TimeZoneField

    def filter(self, qs, value):
        # Read by the date filters (EventFilter.chosen_zone) and by the pages, which show
        # the days in it; it selects no event by itself.
        return qs


class RadiusFilter(django_filters.NumberFilter):
    field_class = forms.FloatField


DEFAULT_RADIUS_KM = 50


def _shift(day, days):
    """`day` moved by `days`, stopping at the first or last day a date can hold."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


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
    online = StrictBooleanFilter(
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
    q = SearchFilter(
        method="filter_q",
        label=_("Search"),
        help_text=_(
            "Words in the title, summary, description, city or organization "
            "(at most 10 words, 200 characters). A search that more than 1,000 events "
            "match counts, and pages through, the first 1,000."
        ),
    )
    near = NearFilter(
        method="filter_near",
        label=_("Near"),
        help_text=_(
            "Events within `radius` km of latitude,longitude (for example 48.85,2.35) or of "
            "a city (“Lyon, FR”, or its GeoNames id); each then has its distance_km."
        ),
    )
    radius = RadiusFilter(
        method="filter_noop",
        label=_("Radius (km)"),
        min_value=0.1,
        max_value=geo.MAX_RADIUS_KM,
        help_text=_("With `near`: how many kilometres around (default 50)."),
    )
    sort = django_filters.ChoiceFilter(
        choices=[("distance", _("Distance"))],
        method="filter_noop",
        label=_("Sort by"),
        help_text=_("distance: nearest first (with `near`)."),
    )
    tz = TimeZoneFilter(
        label=_("Time zone"),
        help_text=_(
            "An IANA time zone (for example America/New_York): the dates of the other "
            "filters are days in that zone, and the pages show days and times in it."
        ),
    )
    updated_since = UpdatedSinceFilter(
        label=_("Changed since"),
        help_text=_(
            "Events changed at or after this date and time (with its UTC offset), "
            "for keeping a copy in sync."
        ),
    )

    class Meta:
        model = Event
        fields = []

    def get_form_class(self):
        """The form of the declared filters, built once a filter set class instead of once
        a request: its fields are the same for every request (their labels and choices
        are read when shown, in the reader's language; a queryset's choices are copied
        with each form)."""
        built = type(self).__dict__.get("_built_form_class")
        if built is None:
            built = super().get_form_class()
            type(self)._built_form_class = built
        return built

    def filter_noop(self, qs, name, value: int):
        return qs

    def chosen_zone(self):
        """The zone of `tz=` (a ZoneInfo), or None: each event's day is then its own."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.form.cleaned_data.get("tz")

    def filter_near(self, qs, name, value):
        if value is None:
            return qs
        radius = self.form.cleaned_data.get("radius") or DEFAULT_RADIUS_KM
        qs = geo.within(qs, *value, radius)
        if self.form.cleaned_data.get("sort") == "distance" or "distance" in (
            self.form.cleaned_data.get("ordering") or []
        ):
            qs = qs.order_by("distance_km", "starts_at", "pk")
        return qs

    def filter_around(self, qs, name, value):
        if value is None:
            return qs
        days = self.form.cleaned_data.get("days")
        days = 7 if days is None else int(days)
        return qs.on_days(_shift(value, -days), _shift(value, days), zone=self.chosen_zone())

    def filter_organization(self, qs, name, value):
        return qs.hosted_or_coorganized_by(value) if value else qs

    def filter_language(self, qs, name, value: str):
        # JSON text contains the quoted code: works alike on SQLite and PostgreSQL.
        return qs.filter(languages__icontains=f'"{value}"') if value else qs

    def filter_online(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(online_url="") if value else qs.filter(online_url="")

    def filter_q(self, qs, name, value):
        return qs.search(value)


class EventApiFilter(EventFilter):
    """The list's filters, plus what only the API offers: status and ordering."""

    status = MultipleChoiceCSVFilter(
        choices=Event.Status.choices,
        label=_("Status"),
        help_text=_(
            "Statuses; several allowed. Anonymous callers only ever see approved and "
            "cancelled events; members also see their organizations' other events."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(
            ("starts_at", "starts_at"),
            ("updated_at", "updated_at"),
            ("distance_km", "distance"),
        ),
        label=_("Order"),
        help_text=_(
            "starts_at (the default), -starts_at, updated_at, -updated_at, "
            "or distance (nearest first, with `near`)."
        ),
    )

    class Meta(EventFilter.Meta):
        pass
