"""The member area's invitations to co-organize: an organization's admins answer them.

An event's host names other organizations as co-organizers (events.services, with the
rest of the edit); each named organization accepts or declines here. Anyone who may not
answer an invitation gets 404 for it, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import services
from events.models import CoOrganizer


@login_required
@require_safe
def co_organizing(request):
    invitations = (
        services.invitations_for(request.user)
        .select_related("event__organization", "organization")
        .order_by("event__starts_at", "event_id", "organization__name")
    )
    pending, accepted = [], []
    for invitation in invitations:
        (pending if invitation.status == CoOrganizer.Status.PENDING else accepted).append(
            invitation
        )
    return render(
        request,
        "my/co_organizing.html",
        {"title": _("Invitations to co-organize"), "pending": pending, "accepted": accepted},
    )


@login_required
@require_POST
def co_organizer_answer(request, pk, accept):
    invitation = get_object_or_404(
        services.invitations_answerable_by(request.user).select_related("event", "organization"),
        pk=pk,
    )
    answer = services.accept_co_organization if accept else services.decline_co_organization
    # The answer the person saw: one given meanwhile (by another admin) is not overruled.
    expected = request.POST.get("expected_status") or None
    try:
        answer(invitation, by=request.user, expected_status=expected)
    except (services.AnswerRefused, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        done = (
            _("%(organization)s now co-organizes “%(title)s”.")
            if accept
            else _("%(organization)s does not co-organize “%(title)s”.")
        )
        messages.success(
            request,
            done % {"organization": invitation.organization.name, "title": invitation.event.title},
        )
    return redirect("my:co_organizing")
