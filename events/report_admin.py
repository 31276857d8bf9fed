"""The committee's desk for event reports: the queue, and approve or reject (with a reason)
from the list or from a report's own page. Every move goes through events.reports.

The committee reads what the organization wrote; it does not rewrite it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import reports
from events.models import EventReport, ReportRecord
from events.services import TransitionError

REPORT_MOVE_LABELS = {
    "approve": _("Approve the report"),
    "reject": _("Reject the report"),
}
REPORT_MOVE_CONSEQUENCES = {
    "approve": _("It will be shown on the event's public page, in the API and the figures."),
    "reject": _(
        "It will not be shown (or no longer); the organization sees the reason and may "
        "change the report and submit it again."
    ),
}


class ReportReasonForm(forms.Form):
    """The reason of a rejection, and the status the moderator saw."""

    expected_status = forms.ChoiceField(
        choices=EventReport.Status.choices, widget=forms.HiddenInput, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The organization sees this reason in its area and in the e-mail."),
    )

    def __init__(self, *args, needs_reason=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]


class ReportRecordInline(admin.TabularInline):
    model = ReportRecord
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("history, newest first")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EventReport)
class EventReportAdmin(admin.ModelAdmin):
    list_display = ["event", "organization", "participants", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["event__organization"]
    search_fields = ["event__title", "event__organization__name", "account"]
    fields = [
        "event_link",
        "organization",
        "participants",
        "account",
        "photo_previews",
        "status",
        "rejection_reason",
        "submitted_at",
        "approved_at",
    ]
    readonly_fields = fields
    inlines = [ReportRecordInline]
    actions = ["approve_selected", "reject_selected"]
    change_form_template = "admin/events/eventreport/change_form.html"

    def get_queryset(self, request):
        # What waits comes first, the longest waiting first.
        waiting = Q(status=EventReport.Status.SUBMITTED)
        queryset = self.model._default_manager.annotate(
            queue=Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()),
            waiting_from=Case(When(waiting, then=F("submitted_at"))),
        ).prefetch_related("photos")
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["queue", "waiting_from", "-updated_at", "pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("host organization"))
    def organization(self, report):
        return report.event.organization

    @admin.display(description=_("event"))
    def event_link(self, report):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:events_event_change", args=[report.event_id]),
            report.event.title,
        )

    @admin.display(description=_("photos"))
    def photo_previews(self, report):
        return (
            format_html_join(
                " ",
                '<a href="{}"><img src="{}" alt="{}" height="120"></a>',
                (
                    (photo.image.url, photo.image.url, photo.image.name)
                    for photo in report.photos.all()
                ),
            )
            or "–"
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<slug:code>/",
                self.admin_site.admin_view(self.move_view),
                name="events_eventreport_move",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        moves = reports.report_moves_for(report, request.user) if report is not None else []
        extra_context = {
            **(extra_context or {}),
            "moves": [
                {"code": move.code, "label": REPORT_MOVE_LABELS[move.code]}
                for move in moves
                if move.code in REPORT_MOVE_LABELS
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def move_view(self, request, object_id, code):
        """Confirm one move of one report, then make it through events.reports."""
        report = self.get_object(request, object_id)
        if report is None or not self.has_view_permission(request, report):
            raise Http404
        move = next(
            (
                m
                for m in reports.report_moves_for(report, request.user)
                if m.code == code and m.code in REPORT_MOVE_LABELS
            ),
            None,
        )
        change_url = reverse("admin:events_eventreport_change", args=[report.pk])
        if move is None:
            self.message_user(
                request,
                _("This move is not possible now: the report is %(status)s.")
                % {"status": report.get_status_display().lower()},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        form = ReportReasonForm(
            request.POST if request.method == "POST" else None,
            needs_reason=move.needs_reason,
            initial={"expected_status": report.status},
        )
        if form.is_valid():
            try:
                reports.transition_report(
                    report,
                    move,
                    by=request.user,
                    note=form.cleaned_data.get("reason", ""),
                    expected_status=form.cleaned_data["expected_status"] or None,
                )
            except (TransitionError, PermissionDenied) as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The report on “%(title)s” is now %(status)s.")
                    % {"title": report.event.title, "status": report.get_status_display().lower()},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": REPORT_MOVE_LABELS[move.code],
            "label": REPORT_MOVE_LABELS[move.code],
            "consequence": REPORT_MOVE_CONSEQUENCES[move.code],
            "opts": self.model._meta,
            "report": report,
            "form": form,
        }
        return TemplateResponse(request, "admin/events/eventreport/move.html", context)

    def _moderate(self, request, queryset, move, done_message, **kwargs):
        if not reports.may_moderate(request.user):
            raise PermissionDenied
        done, refused = [], []
        for report in queryset.select_related("event").order_by("event__starts_at", "pk"):
            try:
                reports.transition_report(report, move, by=request.user, **kwargs)
                done.append(report)
            except (TransitionError, PermissionDenied) as error:
                refused.append(f"“{report.event.title}”: {error}")
        if done:
            titles = ", ".join(f"“{report.event.title}”" for report in done)
            self.message_user(
                request,
                done_message(len(done)) % {"n": len(done), "titles": titles},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Approve selected reports"), permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._moderate(
            request,
            queryset,
            reports.APPROVE_REPORT,
            lambda n: ngettext(
                "%(n)d report approved: %(titles)s.", "%(n)d reports approved: %(titles)s.", n
            ),
        )

    @admin.action(description=_("Reject selected reports…"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        form = ReportReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._moderate(
                request,
                queryset,
                reports.REJECT_REPORT,
                lambda n: ngettext(
                    "%(n)d report rejected: %(titles)s.", "%(n)d reports rejected: %(titles)s.", n
                ),
                note=form.cleaned_data["reason"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject reports"),
            "opts": self.model._meta,
            "reports": queryset.select_related("event__organization"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/eventreport/reject.html", context)

    def has_moderate_permission(self, request):
        return reports.may_moderate(request.user)
