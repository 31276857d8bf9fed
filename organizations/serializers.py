from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from commemoration.serializers import OptionalURLField, absolute_url
from organizations.models import Organization


class OrganizationSummarySerializer(serializers.ModelSerializer):
    """An organization as an event names it: host or co-organizer."""

    country = CountryField(read_only=True)
    url = serializers.SerializerMethodField(help_text=_("The organization's public page."))

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "country", "url"]
        read_only_fields = fields

    def get_url(self, organization) -> str:
        return absolute_url(organization.get_absolute_url(), self.context.get("request"))

    def to_representation(self, organization):
        # A page of events names the same few organizations again and again: shape each
        # once per answer (the context lives as long as the answer).
        shaped = self.context.setdefault("organization_summaries", {})
        key = (type(self), organization.pk)
        if key not in shaped:
            shaped[key] = (
                self.summary(organization)
                if type(self) is OrganizationSummarySerializer
                else super().to_representation(organization)
            )
        return shaped[key]

    def summary(self, organization):
        """What the declared fields write, written directly (tests/api/test_read_shape.py):
        building them, CountryField's ~250 translated names included, cost more than the
        answer they write."""
        country = organization.country
        return {
            "slug": organization.slug,
            "name": organization.name,
            "kind": organization.kind,
            "country": country.code if country else "",
            "url": self.get_url(organization),
        }


class OrganizationSerializer(OrganizationSummarySerializer):
    """An organization's public face: never its contact address nor its trust."""

    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=_("Slug of the organization it belongs to, or null."),
    )
    website = OptionalURLField(read_only=True)

    class Meta(OrganizationSummarySerializer.Meta):
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "city",
            "website",
            "description",
            "parent",
            "url",
        ]
        read_only_fields = fields
