"""An uploaded file waiting for its member's confirmation, then the report of its import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """The raw file, kept in the database between the preview and the confirmation (too big
    for the session, and every app server must find it), parsed again on confirmation."""

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
    imported_at = models.DateTimeField(null=True, blank=True)
    # {"created": [[row, event id, title], …], "skipped": [[row, title, [errors]], …]}
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.filename} ({self.organization})"
