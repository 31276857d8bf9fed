"""Joining an organization and managing its members.

An organization's admins, and the coordinating committee, answer requests, change
roles and remove members; anyone else gets 404 for another organization's people.
Every change goes through organizations.services.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commemoration import mail
from organizations import services, tasks
from organizations.forms import JoinForm, RoleForm
from organizations.models import JoinRequest, Membership


class SitePasswordResetView(PasswordResetView):
    """Django's page; the address goes to the queue (organizations.tasks), which looks it
    up and sends the link, so that any address gets the same answer at the same speed."""

    def form_valid(self, form):
        mail.enqueue(tasks.mail_password_reset, email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


def join(request):
    form = JoinForm(request.POST or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if not request.user.is_authenticated:
            # The same page whether the address has an account or not: the mail says.
            services.join_by_email(
                name=data["name"],
                email=data["email"],
                password=data["password1"],
                organization=data["organization"],
                message=data["message"],
            )
            return render(
                request,
                "organizations/membership_join_sent.html",
                {"email": data["email"], "title": _("Check your e-mail")},
            )
        try:
            join_request = services.join_request_create(
                user=request.user, organization=data["organization"], message=data["message"]
            )
        except services.MembershipError as error:
            form.add_error("organization", str(error))
        else:
            return _request_sent(request, join_request)
    return render(
        request,
        "organizations/membership_join.html",
        {"form": form, "title": _("Ask to join an organization")},
    )


@require_http_methods(["GET", "POST"])
def join_confirm(request, token):
    """The link mailed by join_by_email: a button (a mail scanner's GET changes nothing)."""
    try:
        _user, organization, _message = services.join_pending(token)
        if request.method == "POST":
            join_request = services.join_confirm(token)
    except services.MembershipError as error:
        return render(
            request,
            "organizations/membership_join_confirm.html",
            {"error": str(error), "title": _("Confirm your request")},
        )
    if request.method == "POST":
        login(request, join_request.user, backend="django.contrib.auth.backends.ModelBackend")
        return _request_sent(request, join_request)
    return render(
        request,
        "organizations/membership_join_confirm.html",
        {"organization": organization, "title": _("Confirm your request")},
    )


def _request_sent(request, join_request):
    messages.success(
        request,
        _(
            "Your request to join %(organization)s has been sent. You will receive an "
            "e-mail when it is answered; until then you cannot register events."
        )
        % {"organization": join_request.organization},
    )
    return redirect("my:index")


@login_required
@require_safe
def membership_overview(request):
    """The organizations whose requests the person answers, those waiting first."""
    organizations = (
        services.manageable_organizations(request.user)
        .annotate(
            pending=Count(
                "join_requests",
                filter=Q(join_requests__status=JoinRequest.Status.PENDING),
                distinct=True,
            ),
            members=Count("memberships", distinct=True),
        )
        .order_by("-pending", "name")
    )
    if services.is_committee(request.user):
        organizations = organizations.filter(pending__gt=0)
    return render(
        request, "organizations/membership_overview.html", {"organizations": organizations}
    )


@login_required
@require_safe
def organization_members(request, slug):
    organization = get_object_or_404(services.manageable_organizations(request.user), slug=slug)
    return render(
        request,
        "organizations/membership_manage.html",
        {
            "organization": organization,
            "requests": organization.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user"),
            "memberships": organization.memberships.select_related("user").order_by(
                "role", "user__first_name", "user__username"
            ),
            "roles": Membership.Role.choices,
        },
    )


def _managed(request, model, pk):
    organizations = services.manageable_organizations(request.user)
    return get_object_or_404(
        model.objects.select_related("organization", "user").filter(organization__in=organizations),
        pk=pk,
    )


def _apply(request, change, organization, success):
    try:
        change()
    except (services.MembershipError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("organization_members", slug=organization.slug)


@login_required
@require_POST
def join_request_answer(request, pk, accept):
    join_request = _managed(request, JoinRequest, pk)
    person = _person(join_request.user)
    if accept:
        change = services.join_request_accept
        success = _("%(person)s is now a member.") % {"person": person}
    else:
        change = services.join_request_decline
        success = _("The request of %(person)s is declined.") % {"person": person}
    return _apply(
        request,
        lambda: change(join_request, by=request.user),
        join_request.organization,
        success,
    )


@login_required
@require_POST
def membership_role(request, pk):
    membership = _managed(request, Membership, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("organization_members", slug=membership.organization.slug)
    role = form.cleaned_data["role"]
    return _apply(
        request,
        lambda: services.membership_set_role(membership, role=role, by=request.user),
        membership.organization,
        _("%(person)s is now %(role)s.")
        % {"person": _person(membership.user), "role": Membership.Role(role).label.lower()},
    )


@login_required
@require_POST
def membership_remove(request, pk):
    membership = _managed(request, Membership, pk)
    return _apply(
        request,
        lambda: services.membership_remove(membership, by=request.user),
        membership.organization,
        _("%(person)s no longer belongs to the organization.")
        % {"person": _person(membership.user)},
    )


def _person(user):
    return user.get_full_name() or user.username
