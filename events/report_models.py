"""What an event achieved: its organization's report, moderated as events are.

Imported by events.models, so that Django finds these models in the events app. Every
write goes through events.reports.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.posters import validate_poster
from events.records import StatusRecord

# A short account, not the minutes: about a page.
REPORT_ACCOUNT_MAX_CHARS = 3000
# More than the largest demonstration ever counted: a typing mistake, not a crowd.
REPORT_MAX_PARTICIPANTS = 10_000_000
REPORT_MAX_PHOTOS = 4


class EventReportQuerySet(models.QuerySet):
    def approved(self):
        """The one rule of which reports anyone outside may see, and the figures count."""
        return self.filter(status=EventReport.Status.APPROVED)


class EventReport(models.Model):
    """How many took part in an event, a short account and a few photos, once it was held."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    event = models.OneToOneField(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="report"
    )
    participants = models.PositiveIntegerField(
        _("participants"),
        validators=[MaxValueValidator(REPORT_MAX_PARTICIPANTS)],
        help_text=_("How many people took part, as well as you know."),
    )
    account = models.TextField(
        _("account"),
        max_length=REPORT_ACCOUNT_MAX_CHARS,
        validators=[MaxLengthValidator(REPORT_ACCOUNT_MAX_CHARS)],
        help_text=_("A few paragraphs: what happened, who spoke, what comes next."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = EventReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")
        indexes = [models.Index(fields=["status", "submitted_at"], name="report_status_submitted")]

    def __str__(self):
        return str(_("Report on “%(title)s”") % {"title": self.event.title})

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class ReportPhoto(models.Model):
    """A photo of a report; checked as a poster is (type, bytes, pixels)."""

    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="reports/%Y/%m/", validators=[validate_poster])
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self):
        return self.image.name


class ReportRecord(StatusRecord):
    """One change of a report's state: who, when, from what to what, and why."""

    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="records")
    from_status = models.CharField(_("from"), max_length=10, choices=EventReport.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=EventReport.Status.choices)

    class Meta(StatusRecord.Meta):
        verbose_name = _("report moderation record")
        verbose_name_plural = _("report moderation records")

    def __str__(self):
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
