"""The member area's report on an event: /my/events/<id>/report/.

A member sees only their organizations' events (any other id answers 404); whether the
report may be written, and what happens to it, is decided by events.reports.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import reports
from events.models import Event, EventReport
from events.report_forms import ReportForm
from events.services import EditRefused, TransitionError

R = EventReport.Status


@login_required
def report_edit(request, pk):
    event = get_object_or_404(
        Event.objects.of_member(request.user).select_related("organization"), pk=pk
    )
    try:
        # Before the form, so that nobody writes a report that cannot be sent.
        reports.check_held(event)
    except EditRefused as error:
        messages.error(request, error.messages[0])
        return redirect("my:event_detail", pk=event.pk)
    report = _report_of(event)
    form = ReportForm(
        request.POST or None, request.FILES or None, instance=report or EventReport(event=event)
    )
    if report is not None:
        report.event = event
    # A new report may be sent at once; an existing one as its moves allow.
    may_submit = report is None or reports.SUBMIT_REPORT in reports.report_moves_for(
        report, request.user
    )
    if form.is_valid():
        try:
            saved = reports.save_report(
                event,
                by=request.user,
                data=form.report_data(),
                new_photos=form.cleaned_data["photos"],
                removed_photos=form.cleaned_data.get("remove_photos") or [],
                submit=may_submit and request.POST.get("action") == "submit",
            )
        except EditRefused as error:
            error.add_to_form(form)
        except (PermissionDenied, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, DONE.get(saved.status, _("Saved.")))
            return redirect("my:event_detail", pk=event.pk)
    return render(
        request,
        "my/report_form.html",
        {"event": event, "report": report, "form": form, "may_submit": may_submit},
    )


def _report_of(event):
    return EventReport.objects.filter(event=event).prefetch_related("photos").first()


DONE = {
    R.DRAFT: gettext_lazy("Saved as a draft: only your organization sees it."),
    R.SUBMITTED: gettext_lazy("Sent: the coordinating committee will look at your report soon."),
    R.APPROVED: gettext_lazy(
        "Approved at once, as your organization is trusted: it is now public."
    ),
}
