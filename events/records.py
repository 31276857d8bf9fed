"""What every record of a change of state holds: who made it, when, and the note.

ModerationRecord (an event's moves) and ReportRecord (a report's) add the object they
record and the statuses they move between.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusRecord(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the change was automatic."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @property
    def is_automatic(self):
        return self.actor_id is None
