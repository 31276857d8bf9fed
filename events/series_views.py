"""The member area's series: "Repeat this event" with a preview of its dates, and the
moves made to every event of a series at once. The rules are events.series'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from events import series as series_service
from events import services
from events.member_views import _own_event
from events.models import Event, Series
from events.series_forms import RepeatForm, SeriesReasonForm
from events.services import EditRefused, TransitionError


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_repeat(request, pk):
    """GET: the form; POST "preview": the dates it gives; POST "create": the series."""
    event = _own_event(request, pk)
    if event.series_id is not None or not services.may_edit(event, request.user):
        messages.error(request, _("This event cannot be repeated: it is cancelled or in a series."))
        return redirect("my:event_detail", pk=event.pk)
    form = RepeatForm(request.POST or None, event=event)
    dates = None
    if request.method == "POST" and form.is_valid():
        rule = form.rule()
        try:
            dates = series_service.preview(event=event, rule=rule)
            if request.POST.get("action") == "create":
                series = series_service.create_series(event=event, rule=rule, user=request.user)
                count = series.events.count()
                messages.success(
                    request,
                    ngettext(
                        "The series has %(count)d date: the new ones are drafts.",
                        "The series has %(count)d dates: the new ones are drafts.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("my:event_detail", pk=event.pk)
        except EditRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    return render(
        request,
        "my/series_repeat.html",
        {
            "event": event,
            "form": form,
            "dates": dates,
            "title": _("Repeat “%(title)s”") % {"title": event.title},
        },
    )


# The series-wide moves of the member area; the committee's are in the admin.
MEMBER_SERIES_MOVES = {move.code: move for move in services.MEMBER_MOVES}
CONSEQUENCE = {
    "withdraw": gettext_lazy(
        "Every submitted, rejected or approved event of the series becomes a draft again: "
        "the public ones disappear from the calendar until submitted and approved again."
    ),
    "cancel": gettext_lazy(
        "Every approved event of the series stays on the public calendar, marked as "
        "cancelled, with your reason. This cannot be undone."
    ),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def series_move(request, pk, code):
    """POST makes the move on every event of the series it fits; withdrawing and
    cancelling are first confirmed on a page (GET) that says what will happen."""
    series = get_object_or_404(
        Series.objects.filter(organization__memberships__user=request.user).distinct(), pk=pk
    )
    move = MEMBER_SERIES_MOVES.get(code)
    first = Event.objects.filter(series=series).order_by("starts_at", "pk").first()
    back = redirect("my:event_detail", pk=first.pk) if first else redirect("my:index")
    if move is None or move not in series_service.series_moves_for(series, request.user):
        messages.error(request, _("No event of this series can be moved so now."))
        return back
    form = SeriesReasonForm(request.POST or None) if move.needs_reason else None
    if request.method == "POST" and (form is None or form.is_valid()):
        reason = form.cleaned_data["reason"] if form else ""
        try:
            records = series_service.move_series(
                series,
                move,
                by=request.user,
                note=reason,
                expected_state=request.POST.get("expected_state"),
            )
        except (TransitionError, PermissionDenied) as error:
            messages.error(request, str(error))
            return back
        messages.success(
            request,
            ngettext(
                "Done for %(count)d event of the series.",
                "Done for %(count)d events of the series.",
                len(records),
            )
            % {"count": len(records)},
        )
        return back
    if move.code == "submit" and request.method != "POST":
        return back
    return render(
        request,
        "my/series_move.html",
        {
            "series": series,
            "first": first,
            "move": move,
            "form": form,
            "consequence": CONSEQUENCE.get(move.code, ""),
            "series_state": series_service.series_state(
                series_service.series_events(series).only("status")
            ),
            "title": _("For every event of the series: %(move)s") % {"move": move.name},
        },
    )
