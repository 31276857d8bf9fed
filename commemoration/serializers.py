from django.conf import settings
from django.db.models import Count
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commemoration.models import Commemoration
from events.models import Event


def absolute_url(path, request=None):
    """An address other sites can follow: from the request, else from SITE_URL."""
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


def absolute_urls(request=None):
    """absolute_url(path, request) as a function of the path, with the request's scheme
    and host read once: for answers that hold many addresses."""
    if request is None:
        return lambda path: f"{settings.SITE_URL}{path}"
    base = request.build_absolute_uri("/")[:-1]

    def absolute(path):
        # What build_absolute_uri() does with a path of this site's, without its checks.
        plain = path.startswith("/") and not path.startswith("//")
        if plain and "/./" not in path and "/../" not in path:
            return iri_to_uri(base + path)
        return request.build_absolute_uri(path)

    return absolute


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]}
)
class OptionalURLField(serializers.URLField):
    """A web address, or "" where there is none (an empty string is not a URI)."""


COUNTS_SCHEMA = {"type": "object", "additionalProperties": {"type": "integer"}}


class CommemorationSerializer(serializers.ModelSerializer):
    public_events = serializers.IntegerField(
        read_only=True, help_text=_("How many public events it has.")
    )

    class Meta:
        model = Commemoration
        fields = [
            "slug",
            "title",
            "anchor_date",
            "starts_on",
            "ends_on",
            "appeal",
            "issued_by",
            "is_current",
            "public_events",
        ]
        read_only_fields = fields


class CommemorationDetailSerializer(CommemorationSerializer):
    """A commemoration with the number of its public events by country and by kind."""

    events_by_country = serializers.SerializerMethodField(
        help_text=_("Public events by ISO 3166-1 alpha-2 country code (empty: online only).")
    )
    events_by_kind = serializers.SerializerMethodField(help_text=_("Public events by kind."))

    class Meta(CommemorationSerializer.Meta):
        fields = [*CommemorationSerializer.Meta.fields, "events_by_country", "events_by_kind"]
        read_only_fields = fields

    @extend_schema_field(COUNTS_SCHEMA)
    def get_events_by_country(self, commemoration):
        return _count_public_events(commemoration, "country")

    @extend_schema_field(COUNTS_SCHEMA)
    def get_events_by_kind(self, commemoration):
        return _count_public_events(commemoration, "kind")


def _count_public_events(commemoration, field):
    rows = (
        Event.objects.public()
        .filter(commemoration=commemoration)
        .order_by(field)
        .values_list(field)
        .annotate(n=Count("pk"))
    )
    return {str(value): n for value, n in rows}
