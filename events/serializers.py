"""Events in the API: one shape for reading, one for members' writes.

Writes go through events.services (create_event, update_event), as the member form's and
the admin's do; the workflow (status) is never written here.
"""

import datetime
import functools
import types
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from commemoration.models import Commemoration
from commemoration.serializers import OptionalURLField, absolute_url, absolute_urls
from events import links, services
from events import series as series_service
from events.models import Event, EventReport, EventTranslation, in_zone, validate_languages
from events.timezones import wall_clock_to_utc
from organizations.models import Organization
from organizations.serializers import OrganizationSummarySerializer


class LocalDateTimeField(serializers.DateTimeField):
    """Read in the event's own zone (2024-01-21T18:00:00+01:00 for Europe/Paris).

    Written with any UTC offset; a time without one is read in the event's zone by
    EventWriteSerializer.validate().
    """

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return in_zone(value, instance.tzinfo) if value is not None else None

    def to_representation(self, value):
        if value is None:
            return None
        if value.utcoffset() % datetime.timedelta(minutes=1):
            # A zone's local mean time before standard time (Paris was +00:09:21 until
            # 1911) has seconds in its offset, which RFC 3339 date-times cannot write.
            value = value.astimezone(datetime.UTC)
        return value.isoformat()

    def enforce_timezone(self, value):
        return value if timezone.is_naive(value) else super().enforce_timezone(value)


@functools.cache
def converters():
    """The fields that turn values into their JSON form, built once per process."""
    return types.SimpleNamespace(
        local=LocalDateTimeField().to_representation,
        moment=serializers.DateTimeField(),
        date=serializers.DateField(),
        country=CountryField(),
        latitude=serializers.DecimalField(max_digits=8, decimal_places=6, coerce_to_string=False),
        longitude=serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False),
    )


class AnswerParts:
    """What every event of one answer shares, worked out once for the answer: the
    absolute address maker, the events' path pattern, the organizations' summaries."""

    def __init__(self, context):
        self.context = context
        self.absolute = absolute_urls(context.get("request"))
        self.event_path = Event.page_paths()
        self._organizations = OrganizationSummarySerializer(context=context)

    @classmethod
    def of(cls, context):
        parts = context.get("_answer_parts")
        if parts is None:
            parts = context["_answer_parts"] = cls(context)
        return parts

    def organization(self, organization):
        return self._organizations.to_representation(organization)


class LanguagesField(serializers.ListField):
    child = serializers.CharField()

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_languages])
        kwargs.setdefault("help_text", Event._meta.get_field("languages").help_text)
        super().__init__(**kwargs)


class EventReportSerializer(serializers.ModelSerializer):
    """What the organization reported once the event was held, as the committee approved it."""

    photos = serializers.SerializerMethodField(help_text=_("Absolute addresses of the photos."))

    class Meta:
        model = EventReport
        fields = ["participants", "account", "photos", "approved_at"]
        read_only_fields = fields

    def get_photos(self, report) -> list[str]:
        request = self.context.get("request")
        return [absolute_url(photo.image.url, request) for photo in report.photos.all()]


class TranslationSerializer(serializers.ModelSerializer):
    """One translation of an event's texts, as read and as written (PUT)."""

    reviewed = serializers.BooleanField(
        required=False,
        help_text=_("Someone who reads both languages checked this translation."),
    )

    class Meta:
        model = EventTranslation
        fields = ["title", "summary", "description", "reviewed", "needs_review", "status"]
        read_only_fields = ["needs_review", "status"]
        extra_kwargs = {
            "needs_review": {"help_text": _("The original was edited since.")},
            "status": {"help_text": _("live: shown; waiting: for the committee to approve.")},
        }


class ShownTextMixin:
    """The main fields in the language the caller asked for (`lang=`, or Accept-Language):
    one call of Event.shown() per event, as on every page and feed."""

    def get_title(self, event) -> str:
        return event.shown().title

    def get_summary(self, event) -> str:
        return event.shown().summary

    def get_description(self, event) -> str:
        return event.shown().description

    def get_language(self, event) -> str:
        return event.shown().language

    def get_translations(self, event) -> dict[str, dict]:
        return {
            translation.language: {
                "title": translation.title,
                "summary": translation.summary,
                "description": translation.description,
                "reviewed": translation.reviewed and not translation.needs_review,
            }
            for translation in event.live_translations
        }


class EventSerializer(ShownTextMixin, serializers.ModelSerializer):
    """An event as anyone may read it: never who submitted it, nor a private address."""

    title = serializers.SerializerMethodField(
        help_text=_("In the language asked for (`lang` or Accept-Language) where translated.")
    )
    summary = serializers.SerializerMethodField(
        help_text=_("In the language asked for (`lang` or Accept-Language) where translated.")
    )
    description = serializers.SerializerMethodField(
        help_text=_("In the language asked for (`lang` or Accept-Language) where translated.")
    )
    language = serializers.SerializerMethodField(
        help_text=_(
            "ISO 639-1 code of the version returned in title, summary and description: "
            "the language asked for where a translation exists, else original_language."
        )
    )
    original_language = serializers.CharField(
        read_only=True,
        help_text=_("ISO 639-1 code of the language the event was written in."),
    )
    translations = serializers.SerializerMethodField(
        help_text=_(
            "The shown translations by language code: title, summary, description, and "
            "reviewed (checked by someone, and not outdated by an edit of the original)."
        )
    )

    url = serializers.SerializerMethodField(help_text=_("The event's public page."))
    starts_at = LocalDateTimeField(help_text=_("With the UTC offset of the event's zone."))
    ends_at = LocalDateTimeField(help_text=_("With the UTC offset of the event's zone."))
    online_url = OptionalURLField(
        read_only=True, help_text=_("Where to join online; empty if in person only.")
    )
    country = CountryField(help_text=_("ISO 3166-1 alpha-2 code; empty for online only."))
    languages = LanguagesField()
    organization = OrganizationSummarySerializer(help_text=_("The host organization."))
    co_organizers = OrganizationSummarySerializer(
        many=True,
        source="accepted_co_organizers",
        help_text=_("The other organizations holding the event: those that accepted."),
    )
    commemoration = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("Slug of the commemoration.")
    )
    poster = serializers.SerializerMethodField(help_text=_("Absolute address of the poster."))
    series = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("The id of the series the event belongs to (/api/v1/series/<id>/); null."),
    )
    recurrence = serializers.CharField(
        source="series.rule",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("The series' RFC 5545 recurrence rule (RRULE value); null outside a series."),
    )
    distance_km = serializers.SerializerMethodField(
        help_text=_("Kilometres from the point of `near`; null without `near`.")
    )
    report = EventReportSerializer(
        source="public_report",
        read_only=True,
        allow_null=True,
        help_text=_("What the event achieved, once its report is approved; null until then."),
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "title",
            "summary",
            "description",
            "language",
            "original_language",
            "translations",
            "kind",
            "status",
            "cancellation_reason",
            "starts_at",
            "ends_at",
            "timezone",
            "local_date",
            "venue",
            "address",
            "city",
            "country",
            "latitude",
            "longitude",
            "online_url",
            "languages",
            "contact",
            "organization",
            "co_organizers",
            "commemoration",
            "poster",
            "series",
            "recurrence",
            "report",
            "updated_at",
            "distance_km",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "latitude": {"coerce_to_string": False},
            "longitude": {"coerce_to_string": False},
        }

    def get_url(self, event) -> str:
        return absolute_url(event.get_absolute_url(), self.context.get("request"))

    def to_representation(self, event):
        """What the declared fields write (they are the schema, and
        tests/api/test_read_shape.py holds the two equal), written directly: DRF would
        build every field again for each answer and pass each value through its generic
        path, which made most of a list's cost."""
        context = self.context
        answer = AnswerParts.of(context)
        shown = event.shown()
        convert = converters()
        zone = event.tzinfo
        series = event.series
        report = event.public_report
        return {
            "id": event.pk,
            "url": answer.absolute(answer.event_path(event.pk, event.slug)),
            "title": shown.title,
            "summary": shown.summary,
            "description": shown.description,
            "language": shown.language,
            "original_language": event.original_language,
            "translations": self.get_translations(event),
            "kind": event.kind,
            "status": event.status,
            "cancellation_reason": event.cancellation_reason,
            "starts_at": convert.local(in_zone(event.starts_at, zone)),
            "ends_at": None
            if event.ends_at is None
            else convert.local(in_zone(event.ends_at, zone)),
            "timezone": event.timezone,
            "local_date": convert.date.to_representation(event.local_date),
            "venue": event.venue,
            "address": event.address,
            "city": event.city,
            "country": convert.country.to_representation(event.country),
            "latitude": None
            if event.latitude is None
            else convert.latitude.to_representation(event.latitude),
            "longitude": None
            if event.longitude is None
            else convert.longitude.to_representation(event.longitude),
            "online_url": event.online_url,
            "languages": [None if code is None else str(code) for code in event.languages],
            "contact": event.contact,
            "organization": answer.organization(event.organization),
            "co_organizers": [answer.organization(o) for o in event.accepted_co_organizers],
            "commemoration": event.commemoration.slug,
            "poster": answer.absolute(event.poster.url) if event.poster else None,
            "series": event.series_id,
            "recurrence": None if series is None else series.rule,
            "report": None
            if report is None
            else EventReportSerializer(report, context=context).data,
            "updated_at": convert.moment.to_representation(event.updated_at),
            "distance_km": self.get_distance_km(event),
        }

    def get_distance_km(self, event) -> float | None:
        distance = getattr(event, "distance_km", None)
        return None if distance is None else round(distance, 1)

    def get_poster(self, event) -> str | None:
        if not event.poster:
            return None
        return absolute_url(event.poster.url, self.context.get("request"))


class EventDetailSerializer(EventSerializer):
    """One event, with what the caller may do with it now."""

    allowed_moves = serializers.SerializerMethodField(
        help_text=_(
            "The moves the caller may make now, as the names of the actions "
            "(submit, withdraw, cancel, approve, reject); empty for anonymous callers."
        )
    )

    coordinates_source = serializers.SerializerMethodField(
        help_text=_(
            'In the answer to a write: "gazetteer" when the coordinates were filled from '
            "the city and country given; null otherwise."
        )
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "allowed_moves", "coordinates_source"]
        read_only_fields = fields

    def to_representation(self, event):
        return {
            **super().to_representation(event),
            "allowed_moves": self.get_allowed_moves(event),
            "coordinates_source": self.get_coordinates_source(event),
        }

    def get_coordinates_source(self, event) -> str | None:
        return getattr(event, "coordinates_source", None)

    def get_allowed_moves(self, event) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [move.code for move in services.moves_for(event, user)]


# What the server alone decides: the workflow, the derived fields, the address.
READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "url",
        "status",
        "cancellation_reason",
        "local_date",
        "series",
        "recurrence",
        "report",
        "updated_at",
        "language",
        "original_language",
        "translations",
        "distance_km",
    }
)


class LinkField(serializers.URLField):
    """A web address; https:// is added when it is left out, as on the member form."""

    def to_internal_value(self, data):
        return links.with_https(super().to_internal_value(data))


class MemberOrganizationField(serializers.SlugRelatedField):
    """An organization, by slug, among those the caller belongs to."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self):
        return Organization.objects.for_member(self.context["request"].user)


class EventWriteSerializer(serializers.ModelSerializer):
    """What a member sends to create or edit an event; answered with EventDetailSerializer.

    It translates the request: times without a UTC offset are read in the event's zone,
    slugs become organizations. Whether the edit stands is decided by events.services, as
    for the member form and the admin.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: LinkField,
    }

    starts_at = LocalDateTimeField(
        help_text=_("With a UTC offset; without one, the time is read in the event's zone.")
    )
    ends_at = LocalDateTimeField(
        help_text=_("With a UTC offset; without one, the time is read in the event's zone.")
    )
    languages = LanguagesField()
    organization = MemberOrganizationField(
        help_text=_("Slug of the host organization: one the caller belongs to.")
    )
    co_organizers = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Organization.objects.all(),
        help_text=_("Slugs of the co-organizing organizations."),
    )
    commemoration = serializers.SlugRelatedField(
        slug_field="slug",
        required=False,
        queryset=Commemoration.objects.all(),
        help_text=_("Slug of the commemoration; the current one when left out."),
    )
    timezone_confirmed = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text=_(
            "true to keep a time zone that is not one of the country's "
            "(otherwise refused, so that an event is not shown hours off)."
        ),
    )
    poster = serializers.ImageField(
        required=False,
        allow_null=True,
        help_text=_(
            "An image, sent as multipart/form-data; null removes the poster. "
            "JPEG, PNG or WebP, at most 5 MB, 200 to 8000 pixels a side."
        ),
    )

    recurrence = serializers.CharField(
        required=False,
        write_only=True,
        max_length=series_service.RULE_MAX_LENGTH,
        help_text=_(
            "On creation only: an RFC 5545 recurrence rule, for example "
            "FREQ=WEEKLY;BYDAY=FR;UNTIL=20241231T235959Z, read in the event's zone. The "
            "event becomes the first of a series, and each other date an event of its own "
            "(drafts, at most %(max)d, within the commemoration's window)."
        )
        % {"max": series_service.MAX_OCCURRENCES},
    )
    apply_to = serializers.ChoiceField(
        choices=[("this", "this"), ("following", "following")],
        required=False,
        write_only=True,
        help_text=_(
            "On an edit of an event of a series: `this` (the default) changes it alone; "
            "`following` makes the same changes to the later events of its series too (a "
            "new time of day keeps each one's date)."
        ),
    )

    class Meta:
        model = Event
        fields = [
            *(name for name in EventSerializer.Meta.fields if name not in READ_ONLY_FIELDS),
            "recurrence",
            "apply_to",
            "timezone_confirmed",
        ]
        extra_kwargs = {
            "latitude": {"coerce_to_string": False},
            "longitude": {"coerce_to_string": False},
            "online_url": {
                "help_text": _(
                    "Where people join or watch it; https:// is added when the address has "
                    "no scheme (meet.example.org/abc)."
                )
            },
        }

    def validate(self, attrs):
        zone = attrs.get("timezone") or getattr(self.instance, "timezone", None)
        for name in ("starts_at", "ends_at"):
            value = attrs.get(name)
            if value is not None and timezone.is_naive(value) and zone:
                try:
                    attrs[name] = wall_clock_to_utc(value, zone)
                except DjangoValidationError as error:
                    raise serializers.ValidationError({name: get_error_detail(error)}) from None
        return attrs

    def validate_recurrence(self, value):
        if self.instance is not None:
            raise serializers.ValidationError(
                _("A series is made when the event is created: leave out recurrence.")
            )
        return value

    def create(self, validated_data):
        user = self.context["request"].user
        rule = validated_data.pop("recurrence", None)
        validated_data.pop("apply_to", None)
        with _as_api_errors(), transaction.atomic():
            event = services.create_event(by=user, data=validated_data)
            if rule is not None:
                series = series_service.create_series(event=event, rule=rule, user=user)
                event.series_count = series.events.count()
        return event

    def validate_apply_to(self, value):
        if self.instance is None and value == "following":
            raise serializers.ValidationError(
                _("On an edit only: a new event changes nothing else.")
            )
        return value

    def update(self, instance, validated_data):
        validated_data.pop("recurrence", None)
        user = self.context["request"].user
        with _as_api_errors():
            if validated_data.pop("apply_to", "this") == "following":
                series_service.update_this_and_following(instance, by=user, data=validated_data)
            else:
                services.update_event(instance, by=user, data=validated_data)
        return instance

    def to_representation(self, instance):
        if hasattr(instance, "series_count"):
            return EventCreatedSerializer(instance, context=self.context).data
        return EventDetailSerializer(instance, context=self.context).data


class EventCreatedSerializer(EventDetailSerializer):
    """A new event; with `recurrence`, the first of its series."""

    series_count = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("How many events the series made, this one included; null without one."),
    )

    class Meta(EventDetailSerializer.Meta):
        fields = [*EventDetailSerializer.Meta.fields, "series_count"]
        read_only_fields = fields

    def to_representation(self, event):
        return {
            **super().to_representation(event),
            "series_count": getattr(event, "series_count", None),
        }


class SeriesEventSerializer(serializers.ModelSerializer):
    """One date of a series, as its page lists them."""

    url = serializers.SerializerMethodField(help_text=_("The event's public page."))
    starts_at = LocalDateTimeField(help_text=_("With the UTC offset of the event's zone."))
    ends_at = LocalDateTimeField(help_text=_("With the UTC offset of the event's zone."))

    class Meta:
        model = Event
        fields = ["id", "url", "title", "status", "starts_at", "ends_at", "local_date"]
        read_only_fields = fields

    def get_url(self, event) -> str:
        return absolute_url(event.get_absolute_url(), self.context.get("request"))


class SeriesSerializer(serializers.Serializer):
    """A series: its rule, its organization, the dates the caller may see, and the moves
    the caller may make on all of them at once."""

    id = serializers.IntegerField(read_only=True)
    recurrence = serializers.CharField(
        source="rule", read_only=True, help_text=_("The RFC 5545 recurrence rule (RRULE value).")
    )
    organization = OrganizationSummarySerializer(read_only=True)
    events = serializers.SerializerMethodField(
        help_text=_(
            "Its events the caller may see, by start: only the public ones for anyone else."
        )
    )
    allowed_moves = serializers.SerializerMethodField(
        help_text=_(
            "The moves the caller may make on all its events at once, as the names of the "
            "actions (submit, approve, reject, withdraw, cancel)."
        )
    )

    def _user(self):
        return getattr(self.context.get("request"), "user", None)

    @extend_schema_field(SeriesEventSerializer(many=True))
    def get_events(self, series):
        user = self._user()
        events = Event.objects.visible_to(user).filter(series=series).order_by("starts_at", "pk")
        return SeriesEventSerializer(events, many=True, context=self.context).data

    state = serializers.SerializerMethodField(
        help_text=_(
            "For a caller who may move the series: what its events are now, as a token. "
            "Send it back as `expected_state` with a move: if any of them has moved since, "
            "the move is refused with 409. Null for anyone else."
        )
    )

    def get_allowed_moves(self, series) -> list[str]:
        return [move.code for move in self._moves(series)]

    def get_state(self, series) -> str | None:
        if not self._moves(series):
            return None
        return series_service.series_state(series_service.series_events(series).only("status"))

    def _moves(self, series):
        cache = self.context.setdefault("series_moves", {})
        if series.pk not in cache:
            cache[series.pk] = series_service.series_moves_for(series, self._user())
        return cache[series.pk]


@contextmanager
def _as_api_errors():
    """The services' refusals as the API says them: 400 by field, 403 for rights."""
    try:
        yield
    except services.EditRefused as error:
        detail = get_error_detail(error)
        if isinstance(detail, dict) and NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        elif not isinstance(detail, dict):
            detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        raise serializers.ValidationError(detail) from None
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error)) from None


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Why: required to cancel or reject, optional otherwise."),
    )
    expected_status = serializers.ChoiceField(
        choices=Event.Status.choices,
        required=False,
        help_text=_(
            "The status you saw when you chose this move. If the event has moved since "
            "(someone else approved or rejected it), the move is refused with 409."
        ),
    )


class SeriesMoveSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Why: required to cancel or reject, optional otherwise; one for every event."),
    )
    expected_state = serializers.CharField(
        required=False,
        max_length=64,
        help_text=_(
            "The series' `state` when you chose this move. If any of its events has moved "
            "since (someone else approved or rejected it), the move is refused with 409."
        ),
    )


class RemovedEventsSerializer(serializers.Serializer):
    since = serializers.DateTimeField(help_text=_("The moment asked about."))
    until = serializers.DateTimeField(
        help_text=_("The server's time of the answer: use it as the next `since`.")
    )
    ids = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("Ids of the events that left the public set since then."),
    )


class AwareDateTimeField(serializers.DateTimeField):
    """An instant: a date and time with its UTC offset, never a bare local time."""

    default_error_messages = {
        "naive": _("Give the UTC offset, for example 2024-01-21T18:00:00+01:00."),
    }

    def to_internal_value(self, value):
        # An unencoded "+" in a query string arrives as a space.
        if isinstance(value, str):
            value = value.strip().replace(" ", "+")
        return super().to_internal_value(value)

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)


class RemovedSinceSerializer(serializers.Serializer):
    since = AwareDateTimeField()
