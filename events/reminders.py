"""The daily reminders: to each committee member, what has waited too long; to each
organization admin, their drafts for events in the coming two weeks, never submitted.

Meant for a daily scheduler (cron, a systemd timer) through `manage.py send_reminders`.
Each person gets each kind at most once a day (ReminderSent), however often it runs.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commemoration import mail
from events.models import Event, ReminderSent
from events.notifications import committee_recipients
from organizations.models import Membership

S = Event.Status
DRAFTS_AHEAD = datetime.timedelta(days=14)


def send_reminders(now=None):
    """Queue today's reminders; returns {kind: number of people reminded}."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = {ReminderSent.Kind.MODERATION: 0, ReminderSent.Kind.DRAFTS: 0}
    waited = now - datetime.timedelta(hours=settings.MODERATION_REMINDER_HOURS)
    waiting = list(
        Event.objects.filter(status=S.SUBMITTED, submitted_at__lte=waited)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    if waiting:
        for moderator in committee_recipients():
            if _first_today(ReminderSent.Kind.MODERATION, moderator, today):
                _mail("reminder_moderation", moderator, {"events": _with_links(waiting, "admin")})
                sent[ReminderSent.Kind.MODERATION] += 1
    drafts = (
        Event.objects.filter(
            status=S.DRAFT,
            submitted_at__isnull=True,
            starts_at__gte=now,
            starts_at__lte=now + DRAFTS_AHEAD,
        )
        .select_related("organization")
        .order_by("starts_at", "pk")
    )
    by_organization = {}
    for event in drafts:
        by_organization.setdefault(event.organization_id, []).append(event)
    admins = (
        Membership.objects.filter(
            organization_id__in=by_organization, role=Membership.Role.ADMIN, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
    )
    for_person = {}
    for membership in admins:
        for_person.setdefault(membership.user, []).extend(
            by_organization[membership.organization_id]
        )
    for admin, events in for_person.items():
        if _first_today(ReminderSent.Kind.DRAFTS, admin, today):
            _mail("reminder_drafts", admin, {"events": _with_links(events, "member")})
            sent[ReminderSent.Kind.DRAFTS] += 1
    return sent


def _first_today(kind, user, day):
    """Record the reminder; False when this person had it today already."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, recipient=user, day=day)
    except IntegrityError:
        return False
    return True


def _with_links(events, door):
    for event in events:
        event.link = mail.absolute(
            reverse("admin:events_event_change", args=[event.pk])
            if door == "admin"
            else reverse("my:event_detail", kwargs={"pk": event.pk})
        )
    return events


def _mail(template, user, context):
    mail.send_to_each(template, [user], context, settings.LANGUAGE_CODE)
