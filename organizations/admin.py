from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from organizations.models import JoinRequest, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PartyFilter(admin.SimpleListFilter):
    """Parties apart from the other organizations, as the committee thinks of them."""

    title = _("party or other")
    parameter_name = "party"

    def lookups(self, request, model_admin):
        return [("yes", _("Parties")), ("no", _("Other organizations"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.parties()
        if self.value() == "no":
            return queryset.others()
        return queryset


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "city", "is_trusted", "member_count"]
    list_filter = [PartyFilter, "kind", "country", "is_trusted"]
    search_fields = ["name", "short_name", "city", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "status", "created_at", "decided_by"]
    list_filter = ["status", "organization__country"]
    search_fields = ["user__username", "user__email", "organization__name"]
    list_select_related = ["user", "organization", "decided_by"]
    readonly_fields = ["decided_by", "decided_at", "created_at"]
