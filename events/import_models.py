"""An uploaded file waiting for its member's confirmation, then the report of its import."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """The raw file, kept in the database between the preview and the confirmation (too big
    for the session, and every app server must find it), parsed again on confirmation."""

    # A confirmed batch that no worker has imported after this long may be confirmed again
    # (its worker died); importing twice is harmless: import_batch() checks under a lock.
    STALE_AFTER = timedelta(minutes=15)

    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        ICALENDAR = "ics", "iCalendar"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=3, choices=Kind.choices)
    filename = models.CharField(max_length=255, blank=True)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Confirmed by its member: the queue's worker imports it (events.imports.run_import).
    queued_at = models.DateTimeField(null=True, blank=True)
    submit = models.BooleanField(default=False)
    imported_at = models.DateTimeField(null=True, blank=True)
    # {"created": [[row, event id, title], …], "skipped": [[row, title, [errors]], …]},
    # or {"failed": message} when the worker could not import it (nothing was saved).
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.filename} ({self.organization})"

    @property
    def waiting(self):
        """Confirmed lately and not yet imported: the worker is at it, or soon will be."""
        return (
            self.queued_at is not None
            and self.imported_at is None
            and self.queued_at > timezone.now() - self.STALE_AFTER
        )
