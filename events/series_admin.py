"""The committee's side of series: the series' page (its rule and its events), the event
list's "in a series" filter, and "approve all" / "reject all in series" from an event's
page, through events.series as the member area and the API."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import series as series_service
from events import services
from events.models import Event, Series
from events.services import TransitionError

# The series-wide moves offered on an event's admin page: the committee's.
ADMIN_SERIES_MOVES = {move.code: move for move in services.MODERATOR_MOVES}
SERIES_MOVE_LABELS = {"approve": _("Approve all in series"), "reject": _("Reject all in series")}
SERIES_MOVE_CONSEQUENCES = {
    "approve": _("Every event of the series waiting for moderation becomes public."),
    "reject": _(
        "Every event of the series waiting for moderation or public is turned down, with the "
        "reason below, which the members see."
    ),
}


class InSeriesFilter(admin.SimpleListFilter):
    title = _("series")
    parameter_name = "series"

    def lookups(self, request, model_admin):
        return [("yes", _("In a series")), ("no", _("Not in a series"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "yes":
            return queryset.filter(series__isnull=False)
        if value == "no":
            return queryset.filter(series__isnull=True)
        if value and value.isascii() and value.isdigit():
            # The series page links to its events: ?series=<id>.
            return queryset.filter(series_id=int(value))
        return queryset


class SeriesReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The member sees this reason for every event of the series."),
    )


def series_moves_on_page(event, user):
    """The committee's series-wide moves for an event's admin page, as (code, label)."""
    if event is None or event.series_id is None:
        return []
    moves = series_service.series_moves_for(event.series, user)
    return [
        {"code": move.code, "label": SERIES_MOVE_LABELS[move.code]}
        for move in moves
        if move.code in ADMIN_SERIES_MOVES
    ]


def series_move_view(model_admin, request, object_id, code):
    """Confirm, then make the move on every event of the event's series it fits."""
    event = model_admin.get_object(request, object_id)
    if event is None or event.series_id is None:
        raise Http404
    change_url = reverse("admin:events_event_change", args=[event.pk])
    move = ADMIN_SERIES_MOVES.get(code)
    if move is None or move not in series_service.series_moves_for(event.series, request.user):
        model_admin.message_user(
            request, _("No event of this series can be moved so now."), messages.ERROR
        )
        return HttpResponseRedirect(change_url)
    form = SeriesReasonForm(request.POST or None) if move.needs_reason else None
    if request.method == "POST" and (form is None or form.is_valid()):
        reason = form.cleaned_data["reason"] if form else ""
        try:
            records = series_service.move_series(
                event.series,
                move,
                by=request.user,
                note=reason,
                expected_state=request.POST.get("expected_state"),
            )
        except (TransitionError, PermissionDenied) as error:
            model_admin.message_user(request, str(error), messages.ERROR)
        else:
            model_admin.message_user(
                request,
                ngettext(
                    "%(count)d event of the series moved.",
                    "%(count)d events of the series moved.",
                    len(records),
                )
                % {"count": len(records)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url)
    series_events = list(series_service.series_events(event.series).select_related("organization"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": SERIES_MOVE_LABELS[move.code],
        "label": SERIES_MOVE_LABELS[move.code],
        "consequence": SERIES_MOVE_CONSEQUENCES[move.code],
        "opts": Event._meta,
        "event": event,
        "series_events": series_events,
        "series_state": series_service.series_state(series_events),
        "form": form,
    }
    return TemplateResponse(request, "admin/events/event/series_move.html", context)


class SeriesEventInline(admin.TabularInline):
    model = Event
    fields = ["linked_title", "local_date", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ["starts_at", "pk"]
    verbose_name = _("event")
    verbose_name_plural = _("events of the series")

    @admin.display(description=_("title"))
    def linked_title(self, event):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:events_event_change", args=[event.pk]), event
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    """Read only: a series is made from its first event, and moved from its events' pages."""

    list_display = ["__str__", "organization", "event_count", "created_at"]
    list_select_related = ["organization"]
    list_filter = ["organization"]
    readonly_fields = ["rule", "organization", "created_by", "created_at", "events_link"]
    fields = readonly_fields
    inlines = [SeriesEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_total=Count("events"))

    @admin.display(description=_("events"), ordering="event_total")
    def event_count(self, series):
        return series.event_total

    @admin.display(description=_("in the event list"))
    def events_link(self, series):
        url = reverse("admin:events_event_changelist") + f"?series={series.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Its events in the list"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
