"""An event's texts in other languages than the one it was written in.

Written only through events/translations.py; read through `Event.shown()`, which every
page, feed and API answer calls, so that a reader gets the version of their language.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from commemoration.models import site_language_choices
from events.models import DESCRIPTION_MAX_CHARS, Event


class EventTranslationQuerySet(models.QuerySet):
    def live(self):
        """The one rule of which translations a reader may see: those the committee let
        through (a trusted organization's and the committee's own, at once)."""
        return self.filter(status=EventTranslation.Status.LIVE)


class EventTranslation(models.Model):
    class Status(models.TextChoices):
        LIVE = "live", _("Shown")
        WAITING = "waiting", _("Waiting for the committee")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, choices=site_language_choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_CHARS,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_CHARS)],
    )
    reviewed = models.BooleanField(
        _("reviewed"),
        default=False,
        help_text=_("Someone who reads both languages checked this translation."),
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        editable=False,
        help_text=_("The original was edited after this translation was written."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.LIVE, editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = EventTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="one_translation_per_language"
            )
        ]
        # The search's trigram index is PostgreSQL's alone: made by migration
        # 0012_event_translations, not declared here.

    def __str__(self):
        return f"{self.event} ({self.language})"

    @property
    def is_live(self):
        return self.status == self.Status.LIVE
