"""E-mail to the people concerned by a change, queued after the change is committed.

The functions called after the commit (`event_moved`, `report_moved`, `join_requested`,
`join_answered`, `co_organizer_named`)
only enqueue a task with ids (commemoration.mail); the worker then decides who is told,
renders one message per recipient in the language of the person who acted, and queues
each for sending with retries. A failure is logged and never shown to the person who
acted: the change itself has happened. Links use settings.SITE_URL, since mail is read
far from the request that caused it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django_tasks import task

from commemoration import mail
from events.models import CoOrganizer, Event, EventReport, ModerationRecord, ReportRecord
from organizations.models import JoinRequest, Membership

S = Event.Status


@mail.never_raises
def event_moved(record):
    """Called once per ModerationRecord written, after the commit (events.services)."""
    mail.enqueue(mail_event_moved, record_id=record.pk)


@mail.never_raises
def report_moved(record):
    """Called once per ReportRecord written, after the commit (events.reports)."""
    mail.enqueue(mail_report_moved, record_id=record.pk)


@mail.never_raises
def join_requested(join_request):
    mail.enqueue(mail_join_requested, join_request_id=join_request.pk)


@mail.never_raises
def join_answered(join_request):
    mail.enqueue(mail_join_answered, join_request_id=join_request.pk)


@mail.never_raises
def co_organizer_named(invitation):
    """Called after the commit (events.services), once per organization named anew."""
    mail.enqueue(mail_co_organizer_named, invitation_id=invitation.pk)


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


@task()
def mail_event_moved(*, record_id, language):
    record = ModerationRecord.objects.get(pk=record_id)
    event = Event.objects.select_related("organization", "submitted_by").get(pk=record.event_id)
    context = {"event": event, "record": record, **_event_links(event)}
    if record.to_status == S.SUBMITTED:
        # A trusted organization's submission is approved in the same transaction:
        # the committee has nothing to look at then.
        if event.status == S.SUBMITTED:
            mail.send_to_each("event_submitted", committee_recipients(), context, language)
    elif record.to_status in (S.APPROVED, S.REJECTED):
        submitter = event.submitted_by
        if submitter is not None and submitter.email:
            name = "event_approved" if record.to_status == S.APPROVED else "event_rejected"
            mail.send_to_each(name, [submitter], context, language)


@task()
def mail_report_moved(*, record_id, language):
    """The committee hears of a report to moderate, the submitter of the decision."""
    record = ReportRecord.objects.get(pk=record_id)
    report = EventReport.objects.select_related("event__organization", "submitted_by").get(
        pk=record.report_id
    )
    event = report.event
    context = {
        "event": event,
        "report": report,
        "record": record,
        "my_url": mail.absolute(reverse("my:report", kwargs={"pk": event.pk})),
        "admin_url": mail.absolute(reverse("admin:events_eventreport_change", args=[report.pk])),
    }
    R = EventReport.Status
    # A trusted organization's report is approved in the same transaction: nothing to do.
    if record.to_status == R.SUBMITTED and report.status == R.SUBMITTED:
        mail.send_to_each("report_submitted", committee_recipients(), context, language)
    elif record.to_status in (R.APPROVED, R.REJECTED):
        submitter = report.submitted_by
        if submitter is not None and submitter.email:
            mail.send_to_each("report_decided", [submitter], context, language)


@task()
def mail_join_requested(*, join_request_id, language):
    """To the organization's admins; to the committee when it has none to answer."""
    join_request = JoinRequest.objects.select_related("user", "organization").get(
        pk=join_request_id
    )
    context = {
        "join_request": join_request,
        "manage_url": mail.absolute(
            reverse("organization_members", kwargs={"slug": join_request.organization.slug})
        ),
    }
    mail.send_to_each(
        "join_requested", admins_or_committee(join_request.organization), context, language
    )


@task()
def mail_join_answered(*, join_request_id, language):
    join_request = JoinRequest.objects.select_related("user", "organization").get(
        pk=join_request_id
    )
    if join_request.user.email:
        context = {"join_request": join_request, "my_url": mail.absolute(reverse("my:index"))}
        mail.send_to_each("join_answered", [join_request.user], context, language)


@task()
def mail_co_organizer_named(*, invitation_id, language):
    """To the named organization's admins (the committee when it has none): an event names
    it co-organizer and waits for their answer."""
    invitation = (
        CoOrganizer.objects.select_related("event__organization", "organization")
        .filter(pk=invitation_id, status=CoOrganizer.Status.PENDING)
        .first()
    )
    if invitation is None:
        return  # withdrawn by the host, or answered, before the mail left
    context = {
        "invitation": invitation,
        "event": invitation.event,
        "answer_url": mail.absolute(reverse("my:co_organizing")),
    }
    mail.send_to_each(
        "co_organizer_named", admins_or_committee(invitation.organization), context, language
    )


def admins_or_committee(organization):
    """Who answers for an organization: its admins, or the committee when it has none."""
    admins = [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, role=Membership.Role.ADMIN
        )
        .select_related("user")
        .exclude(user__email="")
        .order_by("pk")
    ]
    return admins or committee_recipients()


def _event_links(event):
    links = {"my_url": mail.absolute(reverse("my:event_detail", kwargs={"pk": event.pk}))}
    links["admin_url"] = mail.absolute(reverse("admin:events_event_change", args=[event.pk]))
    try:
        links["public_url"] = mail.absolute(event.get_absolute_url())
    except NoReverseMatch:  # the public pages are not mounted
        links["public_url"] = ""
    return links
