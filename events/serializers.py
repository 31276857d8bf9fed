"""Events in the API: one shape for reading, one for members' writes.

Writes go through the model's own validators and clean(), as the forms and the admin
do; the workflow (status) is never written here, only by events.services.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from commemoration.models import Commemoration
from commemoration.serializers import absolute_url
from events.forms import local_to_utc, skipped_time_error
from events.models import Event, validate_languages
from organizations.models import Organization
from organizations.serializers import OrganizationSummarySerializer


class LocalDateTimeField(serializers.DateTimeField):
    """Read in the event's own zone (2024-01-21T18:00:00+01:00 for Europe/Paris).

    Written with any UTC offset; a time without one is read in the event's zone by
    EventWriteSerializer.validate().
    """

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return value.astimezone(instance.tzinfo) if value is not None else None

    def to_representation(self, value):
        return value.isoformat() if value is not None else None

    def enforce_timezone(self, value):
        return value if timezone.is_naive(value) else super().enforce_timezone(value)


class LanguagesField(serializers.ListField):
    child = serializers.CharField()

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_languages])
        kwargs.setdefault("help_text", Event._meta.get_field("languages").help_text)
        super().__init__(**kwargs)


class EventSerializer(serializers.ModelSerializer):
    """An event as anyone may read it: never who submitted it, nor a private address."""

    url = serializers.SerializerMethodField(help_text=_("The event's public page."))
    starts_at = LocalDateTimeField(help_text=_("With the UTC offset of the event's zone."))
    ends_at = LocalDateTimeField(help_text=_("With the UTC offset of the event's zone."))
    country = CountryField(help_text=_("ISO 3166-1 alpha-2 code; empty for online only."))
    languages = LanguagesField()
    organization = OrganizationSummarySerializer(help_text=_("The host organization."))
    co_organizers = OrganizationSummarySerializer(many=True)
    commemoration = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("Slug of the commemoration.")
    )
    poster = serializers.SerializerMethodField(help_text=_("Absolute address of the poster."))

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "title",
            "summary",
            "description",
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
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "latitude": {"coerce_to_string": False},
            "longitude": {"coerce_to_string": False},
        }

    def get_url(self, event) -> str:
        return absolute_url(event.get_absolute_url(), self.context.get("request"))

    def get_poster(self, event) -> str | None:
        if not event.poster:
            return None
        return absolute_url(event.poster.url, self.context.get("request"))


# What the server alone decides: the workflow, the derived fields, the address.
READ_ONLY_FIELDS = frozenset(
    {"id", "url", "status", "cancellation_reason", "local_date", "poster", "updated_at"}
)


class MemberOrganizationField(serializers.SlugRelatedField):
    """An organization, by slug, among those the caller belongs to."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self):
        return Organization.objects.for_member(self.context["request"].user)


class EventWriteSerializer(serializers.ModelSerializer):
    """What a member sends to create or edit an event; answered with EventSerializer."""

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

    class Meta:
        model = Event
        fields = [name for name in EventSerializer.Meta.fields if name not in READ_ONLY_FIELDS]
        extra_kwargs = {
            "latitude": {"coerce_to_string": False},
            "longitude": {"coerce_to_string": False},
        }

    def validate(self, attrs):
        zone = attrs.get("timezone") or getattr(self.instance, "timezone", None)
        for name in ("starts_at", "ends_at"):
            value = attrs.get(name)
            if value is not None and timezone.is_naive(value):
                attrs[name] = _wall_clock_to_utc(name, value, zone)
        if self.instance is None and "commemoration" not in attrs:
            attrs["commemoration"] = Commemoration.objects.current()
            if attrs["commemoration"] is None:
                raise serializers.ValidationError(
                    {"commemoration": [_("There is no current commemoration; name one.")]}
                )
        self._clean_as_model(attrs)
        return attrs

    def _clean_as_model(self, attrs):
        """Run Event.clean() on the event as it would be saved, as forms and the admin do."""
        event = Event() if self.instance is None else copy.copy(self.instance)
        for name, value in attrs.items():
            if name != "co_organizers":
                setattr(event, name, value)
        try:
            event.clean()
        except DjangoValidationError as error:
            detail = get_error_detail(error)
            if isinstance(detail, dict) and NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from None

    def update(self, instance, validated_data):
        # What the edit changes, for events.services.event_after_edit().
        self.changed_fields = [
            name for name, value in validated_data.items() if _differs(instance, name, value)
        ]
        return super().update(instance, validated_data)

    def to_representation(self, instance):
        return EventSerializer(instance, context=self.context).data


def _wall_clock_to_utc(name, value, zone):
    """A time without offset, read in the event's zone as the member form reads it."""
    try:
        moment = local_to_utc(value.date(), value.time(), zone)
    except OverflowError:
        raise serializers.ValidationError(
            {name: [_("This date and time is out of range in %(zone)s.") % {"zone": zone}]}
        ) from None
    if moment is None:
        raise serializers.ValidationError({name: get_error_detail(skipped_time_error(zone))})
    return moment


def _differs(event, name, value):
    if name == "co_organizers":
        return {o.pk for o in event.co_organizers.all()} != {o.pk for o in value}
    return getattr(event, name) != value


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Why: required to cancel or reject, optional otherwise."),
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
