"""E-mail to the people concerned by a change, sent after the change is committed.

A failed e-mail is logged and never shown to the person who acted: the change itself
has happened, and the committee can read the log. Links use settings.SITE_URL, since
mail is read far from the request that caused it.
"""

import functools
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from events.models import CoOrganizer, Event, EventReport
from organizations.models import Membership

logger = logging.getLogger(__name__)

S = Event.Status


def never_raises(notify):
    """Mail is a side effect of a change already committed: a failure is logged, not raised."""

    @functools.wraps(notify)
    def wrapper(*args, **kwargs):
        try:
            notify(*args, **kwargs)
        except Exception:
            logger.exception("Could not notify: %s", notify.__name__)

    return wrapper


def committee_recipients():
    """Active staff who may moderate, directly, through a group, or as superusers."""
    permission = Permission.objects.get(content_type__app_label="events", codename="moderate_event")
    return list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission)
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


@never_raises
def event_moved(record):
    """Called once per ModerationRecord written, after the commit (events.services)."""
    event = Event.objects.select_related("organization", "submitted_by").get(pk=record.event_id)
    context = {"event": event, "record": record, **_event_links(event)}
    if record.to_status == S.SUBMITTED:
        # A trusted organization's submission is approved in the same transaction:
        # the committee has nothing to look at then.
        if event.status == S.SUBMITTED:
            _send("event_submitted", committee_recipients(), context)
    elif record.to_status in (S.APPROVED, S.REJECTED):
        submitter = event.submitted_by
        if submitter is not None and submitter.email:
            name = "event_approved" if record.to_status == S.APPROVED else "event_rejected"
            _send(name, [submitter], context)


@never_raises
def report_moved(record):
    """Called once per ReportRecord written, after the commit (events.reports): the
    committee hears of a report to moderate, the submitter of the decision."""
    report = EventReport.objects.select_related("event__organization", "submitted_by").get(
        pk=record.report_id
    )
    event = report.event
    context = {
        "event": event,
        "report": report,
        "record": record,
        "my_url": _absolute(reverse("my:report", kwargs={"pk": event.pk})),
        "admin_url": _absolute(reverse("admin:events_eventreport_change", args=[report.pk])),
    }
    R = EventReport.Status
    # A trusted organization's report is approved in the same transaction: nothing to do.
    if record.to_status == R.SUBMITTED and report.status == R.SUBMITTED:
        _send("report_submitted", committee_recipients(), context)
    elif record.to_status in (R.APPROVED, R.REJECTED):
        submitter = report.submitted_by
        if submitter is not None and submitter.email:
            _send("report_decided", [submitter], context)


def admins_or_committee(organization):
    """Who answers for an organization: its admins, or the committee when it has none."""
    admins = [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, role=Membership.Role.ADMIN, user__is_active=True
        )
        .select_related("user")
        .exclude(user__email="")
        .order_by("pk")
    ]
    return admins or committee_recipients()


@never_raises
def join_requested(join_request):
    """To the organization's admins; to the committee when it has none to answer."""
    context = {
        "join_request": join_request,
        "manage_url": _absolute(
            reverse("organization_members", kwargs={"slug": join_request.organization.slug})
        ),
    }
    _send("join_requested", admins_or_committee(join_request.organization), context)


@never_raises
def co_organizer_named(invitation):
    """To the named organization's admins (the committee when it has none): an event names
    it co-organizer and waits for their answer. Called after the commit (events.services)."""
    invitation = CoOrganizer.objects.select_related("event__organization", "organization").get(
        pk=invitation.pk
    )
    context = {
        "invitation": invitation,
        "event": invitation.event,
        "answer_url": _absolute(reverse("my:co_organizing")),
    }
    _send("co_organizer_named", admins_or_committee(invitation.organization), context)


@never_raises
def join_answered(join_request):
    if join_request.user.email:
        context = {"join_request": join_request, "my_url": _absolute(reverse("my:index"))}
        _send("join_answered", [join_request.user], context)


def _event_links(event):
    links = {"my_url": _absolute(reverse("my:event_detail", kwargs={"pk": event.pk}))}
    links["admin_url"] = _absolute(reverse("admin:events_event_change", args=[event.pk]))
    try:
        links["public_url"] = _absolute(event.get_absolute_url())
    except NoReverseMatch:  # the public pages are not mounted
        links["public_url"] = ""
    return links


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def _send(template, recipients, context):
    """One message per recipient, so that nobody sees the others' addresses."""
    context = {**context, "site_url": settings.SITE_URL}
    connection = get_connection()
    for user in recipients:
        personal = {**context, "recipient": user}
        subject = render_to_string(f"emails/{template}_subject.txt", personal)
        body = render_to_string(f"emails/{template}.txt", personal)
        message = EmailMessage(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            connection=connection,
        )
        try:
            message.send()
        except Exception:
            # One address failing must not keep the message from the others.
            logger.exception("Could not send %s to user %s", template, user.pk)
