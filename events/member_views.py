"""The member area at /my/: the events of the member's organizations, and their changes.

A member sees and changes only the events of the organizations they belong to; any
other id answers 404, as if it did not exist. Every change of state goes through
events.services.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import series as series_service
from events import services, translations
from events.forms import CancelEventForm, EventForm
from events.models import CoOrganizer, Event, ModerationRecord
from events.services import CANCEL, RETURN_TO_DRAFT, TransitionError
from events.translations import translation_rows
from organizations.models import JoinRequest, Organization
from organizations.services import manageable_organizations

S = Event.Status
# The order of the groups on /my/: what needs the member's attention first.
STATUS_ORDER = [S.DRAFT, S.REJECTED, S.SUBMITTED, S.APPROVED, S.CANCELLED]


def _own_events(user):
    history = ModerationRecord.objects.select_related("actor").order_by("created_at", "pk")
    return (
        Event.objects.of_member(user)
        .with_related()
        .prefetch_related(Prefetch("moderation_records", queryset=history, to_attr="history"))
    )


def _with_reason(event):
    """The committee's reason, on the event, while it stands rejected."""
    rejected = [r for r in event.history if r.to_status == S.REJECTED]
    event.rejection_reason = rejected[-1].note if event.status == S.REJECTED and rejected else ""
    return event


def _own_event(request, pk):
    # Every organization the host named, with its answer: the host sees them all.
    named = CoOrganizer.objects.select_related("organization").order_by("organization__name")
    events = _own_events(request.user).prefetch_related(
        Prefetch("co_organizer_invitations", queryset=named, to_attr="invitations")
    )
    return _with_reason(get_object_or_404(events, pk=pk))


def _with_moves(event, user):
    """What the member may do with the event now: the services decide, the page shows."""
    event.moves = {move.code for move in services.moves_for(event, user)}
    event.editable = services.may_edit(event, user)
    return event


@login_required
@require_safe
def index(request):
    user = request.user
    events = [
        _with_moves(_with_reason(event), user)
        for event in _own_events(user).order_by("-starts_at", "pk")
    ]
    groups = [
        (status, [event for event in events if event.status == status]) for status in STATUS_ORDER
    ]
    pending = Count("join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING))
    return render(
        request,
        "my/index.html",
        {
            "groups": [(S(status).label, status, group) for status, group in groups if group],
            "organizations": Organization.objects.for_member(user).order_by("name"),
            "my_requests": user.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("organization"),
            "managed": manageable_organizations(user)
            .annotate(pending=pending)
            .filter(pending__gt=0)
            .order_by("name"),
            "invitations_waiting": services.invitations_for(user)
            .filter(status=CoOrganizer.Status.PENDING)
            .count(),
        },
    )


@login_required
@require_safe
def event_detail(request, pk):
    event = _with_moves(_own_event(request, pk), request.user)
    parts = [event.venue, event.address, event.city, event.country.name if event.country else ""]
    context = {
        "event": event,
        "place": ", ".join(part for part in parts if part),
        "may_translate": translations.may_translate(event, request.user),
        "translation_rows": translation_rows(event),
    }
    if event.series_id is not None:
        context["series_dates"] = (
            Event.objects.of_member(request.user)
            .filter(series_id=event.series_id)
            .order_by("starts_at", "pk")
        )
        context["series_moves"] = [
            move.code
            for move in series_service.series_moves_for(event.series, request.user)
            if move in services.MEMBER_MOVES
        ]
        context["series_state"] = series_service.series_state(
            series_service.series_events(event.series).only("status")
        )
    return render(request, "my/event_detail.html", context)


@login_required
def event_create(request):
    if not Organization.objects.for_member(request.user).exists():
        return render(
            request, "my/no_organization.html", {"title": _("Register an event")}, status=403
        )
    form = EventForm(request.POST or None, request.FILES or None, user=request.user)
    if form.is_valid() and (response := _save(request, form)):
        return response
    return render(request, "my/event_form.html", {"form": form, "creating": True})


@login_required
def event_edit(request, pk):
    event = _own_event(request, pk)
    if not services.may_edit(event, request.user):
        messages.error(
            request,
            _("A %(status)s event cannot be changed.")
            % {"status": event.get_status_display().lower()},
        )
        return redirect("my:event_detail", pk=event.pk)
    form = EventForm(request.POST or None, request.FILES or None, instance=event, user=request.user)
    if form.is_valid() and (response := _save(request, form, event=event)):
        return response
    event = _with_moves(event, request.user)
    return render(request, "my/event_form.html", {"form": form, "event": event})


@login_required
def event_duplicate(request, pk):
    """A new draft like this event, a week later: for study circles and film series."""
    source = _own_event(request, pk)
    copy = Event(
        **{
            field.attname: getattr(source, field.attname)
            for field in Event._meta.concrete_fields
            if field.editable and not field.primary_key and field.name != "submitted_by"
        }
    )
    # Wall-clock arithmetic in the event's zone: the same local time after a clock change.
    try:
        copy.starts_at = source.local_starts_at + datetime.timedelta(days=7)
        copy.ends_at = source.local_ends_at + datetime.timedelta(days=7)
    except OverflowError:
        pass  # a week after the calendar's last day: the copy keeps the day, to be changed
    # Named again, but those that declined: they answered this host already.
    initial = {
        "co_organizers": [
            invitation.organization
            for invitation in source.invitations
            if invitation.status != CoOrganizer.Status.DECLINED
        ]
    }
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        instance=copy,
        initial=initial,
        user=request.user,
    )
    if form.is_valid() and (response := _save(request, form)):
        return response
    return render(request, "my/event_form.html", {"form": form, "creating": True, "source": source})


def _save(request, form, *, event=None):
    """Create or update through events.services; None when it refuses (errors on the form)."""
    user = request.user
    # "This and following": the same changes to the later events of its series.
    following = event is not None and event.series_id and request.POST.get("scope") == "following"
    try:
        if event is None:
            event = services.create_event(by=user, data=form.event_data())
        elif following:
            changed = series_service.update_this_and_following(
                event, by=user, data=form.event_data()
            )
            messages.info(
                request,
                ngettext(
                    "The changes apply to %(count)d event.",
                    "The changes apply to %(count)d events: this one and the following.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
        elif services.update_event(event, by=user, data=form.event_data()) and (
            event.status == S.SUBMITTED
        ):
            messages.info(
                request, _("Your changes go back to the coordinating committee for approval.")
            )
    except services.EditRefused as error:
        form.show_refusal(error)
        return None
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return None
    if request.POST.get("action") == "submit":
        _move(request, event, services.submit_event)
    else:
        messages.success(request, _("Saved."))
    return redirect("my:event_detail", pk=event.pk)


def _move(request, event, move, **kwargs):
    # The status the member saw when they pressed the button: a move made meanwhile (by
    # the committee, or another member) is not overruled.
    expected = request.POST.get("expected_status") or None
    try:
        move(event, by=request.user, expected_status=expected, **kwargs)
    except (TransitionError, PermissionDenied) as error:
        messages.error(request, str(error))
        return
    messages.success(request, DONE[event.status])


DONE = {
    S.SUBMITTED: gettext_lazy("Submitted: the coordinating committee will look at it soon."),
    S.APPROVED: gettext_lazy(
        "Approved at once, as your organization is trusted: it is now public."
    ),
    S.DRAFT: gettext_lazy("Withdrawn: it is a draft again, seen only by your organization."),
    S.CANCELLED: gettext_lazy("Cancelled: it stays public, marked as cancelled, with your reason."),
}


@login_required
@require_POST
def event_submit(request, pk):
    event = _own_event(request, pk)
    _move(request, event, services.submit_event)
    return redirect("my:event_detail", pk=event.pk)


# What withdrawing does, by the status the event leaves: said before the member confirms.
WITHDRAW_CONSEQUENCES = {
    S.APPROVED: gettext_lazy(
        "The event is public now. Once withdrawn, it will disappear from the public calendar "
        "and list, the feeds and the API: people who planned to come will no longer find it. "
        "To publish it again, you will have to submit it again."
    ),
    S.SUBMITTED: gettext_lazy(
        "The event is waiting for the coordinating committee. Once withdrawn, it leaves the "
        "committee's queue until you submit it again."
    ),
    S.REJECTED: gettext_lazy(
        "The coordinating committee turned this event down. Once withdrawn, it is a draft "
        "again, which you can change and submit again."
    ),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_withdraw(request, pk):
    """GET asks the member to confirm, saying what will happen; POST withdraws."""
    event = _own_event(request, pk)
    if request.method == "POST":
        _move(
            request, event, services.return_event_to_draft, note=_("Withdrawn by the organization.")
        )
        return redirect("my:event_detail", pk=event.pk)
    if RETURN_TO_DRAFT not in services.moves_for(event, request.user):
        messages.error(
            request, _("Only a submitted, approved or rejected event can be withdrawn to draft.")
        )
        return redirect("my:event_detail", pk=event.pk)
    title = _("Withdraw “%(title)s” to draft?") % {"title": event.title}
    return render(
        request,
        "my/event_withdraw.html",
        {
            "event": _with_moves(event, request.user),
            "title": title,
            "consequence": WITHDRAW_CONSEQUENCES[event.status],
        },
    )


@login_required
def event_cancel(request, pk):
    event = _own_event(request, pk)
    if CANCEL not in services.moves_for(event, request.user):
        # Before the form, so that nobody writes a reason that cannot be used.
        messages.error(request, _("Only an approved event can be cancelled."))
        return redirect("my:event_detail", pk=event.pk)
    form = CancelEventForm(request.POST or None)
    if form.is_valid():
        _move(request, event, services.cancel_event, reason=form.cleaned_data["reason"])
        return redirect("my:event_detail", pk=event.pk)
    title = _("Cancel “%(title)s”") % {"title": event.title}
    return render(request, "my/event_cancel.html", {"event": event, "form": form, "title": title})
