from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organizations.models import AccountLanguage, JoinRequest, Membership, Organization
from organizations.services import MembershipError, join_request_accept, join_request_decline


class MembershipForm(forms.ModelForm):
    # Typed, not searched: the search would list every account, which the committee may
    # not see (it gets no permission on users), so the admin refuses it with a 403.
    user = forms.ModelChoiceField(
        label=_("user name"),
        queryset=get_user_model().objects.all(),
        to_field_name=get_user_model().USERNAME_FIELD,
        widget=forms.TextInput,
        help_text=_("The account's user name: the e-mail address for those who asked to join."),
        error_messages={"invalid_choice": _("No account has this user name.")},
    )

    class Meta:
        model = Membership
        fields = ["user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.user_id:
            self.initial["user"] = self.instance.user.get_username()


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


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
    """Requests are answered with the actions, which go through the same service as the
    organizations' own admins use: a membership is created and the person is told."""

    list_display = ["user", "organization", "status", "created_at", "decided_by"]
    list_filter = ["status", "organization__country"]
    search_fields = ["user__username", "user__email", "organization__name"]
    list_select_related = ["user", "organization", "decided_by"]
    readonly_fields = [
        "user",
        "organization",
        "message",
        "status",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    actions = ["accept_selected", "decline_selected"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/answer/<slug:answer>/",
                self.admin_site.admin_view(require_POST(self.answer_view)),
                name="organizations_joinrequest_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request, object_id, answer):
        """Accept or Decline from the request's own page, through the same service."""
        join_request = self.get_object(request, object_id)
        move = {"accept": join_request_accept, "decline": join_request_decline}.get(answer)
        if join_request is None or move is None or not self.has_change_permission(request):
            raise Http404
        try:
            move(join_request, by=request.user)
        except (MembershipError, PermissionDenied) as error:
            self.message_user(request, f"{join_request}: {error}", messages.ERROR)
        else:
            self.message_user(
                request,
                (_("%(request)s: accepted.") if answer == "accept" else _("%(request)s: declined."))
                % {"request": join_request},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:organizations_joinrequest_change", args=[join_request.pk])
        )

    def _answer(self, request, queryset, answer):
        done = 0
        for join_request in queryset.select_related("organization", "user"):
            try:
                answer(join_request, by=request.user)
                done += 1
            except (MembershipError, PermissionDenied) as error:
                self.message_user(request, f"{join_request}: {error}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(n)d request answered.", "%(n)d requests answered.", done) % {"n": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Accept selected requests"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._answer(request, queryset, join_request_accept)

    @admin.action(description=_("Decline selected requests"), permissions=["change"])
    def decline_selected(self, request, queryset):
        self._answer(request, queryset, join_request_decline)


@admin.register(AccountLanguage)
class AccountLanguageAdmin(admin.ModelAdmin):
    """The language each person's e-mail is written in (they set it on /my/language/)."""

    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
