from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def site_language_choices():
    """The site's languages, read when asked: a language added to settings.LANGUAGES needs
    no migration."""
    return list(settings.LANGUAGES)


def _paragraphs(text):
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class ShownCommemoration:
    title: str
    tagline: str
    appeal_paragraphs: list
    # The translation's language, None for the original.
    language: str | None


class CommemorationQuerySet(models.QuerySet):
    def current(self):
        """The commemoration the site opens on: the one marked current, else the latest."""
        return self.order_by("-is_current", "-anchor_date").first()


class Commemoration(models.Model):
    """A campaign with an anchor date, a window and an appeal; the site serves any number."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    anchor_date = models.DateField(_("anchor date"), help_text=_("The day commemorated."))
    starts_on = models.DateField(_("first day of the window"))
    ends_on = models.DateField(_("last day of the window"))
    # A default in the database too: rows written by code that predates the field (older
    # migrations' states, a restore) get an empty tagline.
    tagline = models.CharField(
        _("tagline"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("One line under the title."),
    )
    appeal = models.TextField(_("appeal"), blank=True)
    issued_by = models.CharField(_("issued by"), max_length=300, blank=True)
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The commemoration the site opens on.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommemorationQuerySet.as_manager()

    class Meta:
        ordering = ["-anchor_date"]
        verbose_name = _("commemoration")
        verbose_name_plural = _("commemorations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="commemoration_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(anchor_date__gte=F("starts_on")) & Q(anchor_date__lte=F("ends_on")),
                name="commemoration_anchor_in_window",
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_commemoration",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Marking one commemoration current unmarks the others, in the same transaction.
        with transaction.atomic():
            if self.is_current:
                Commemoration.objects.filter(is_current=True).exclude(pk=self.pk).update(
                    is_current=False
                )
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home")

    def validate_constraints(self, exclude=None):
        # save() unmarks the commemoration that was current, so marking this one current
        # is no conflict: the check before saving would refuse what save() does.
        super().validate_constraints(exclude={*(exclude or ()), "is_current"})

    @property
    def appeal_paragraphs(self):
        return _paragraphs(self.appeal)

    def shown(self, language=None):
        """The commemoration's texts for a reader of `language` (default: the active one):
        the committee's translation into it where there is one, else the original."""
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        translations = getattr(self, "_translations", None)
        if translations is None:
            translations = self._translations = {t.language: t for t in self.translations.all()}
        version = translations.get(language, self)
        return ShownCommemoration(
            title=version.title or self.title,
            tagline=version.tagline or self.tagline,
            appeal_paragraphs=_paragraphs(version.appeal or self.appeal),
            language=language if version is not self else None,
        )

    def contains(self, day):
        return self.starts_on <= day <= self.ends_on


class CommemorationTranslation(models.Model):
    """The commemoration's title, tagline and appeal in one more language, entered by the
    committee in the admin; an empty field falls back to the original's."""

    commemoration = models.ForeignKey(
        Commemoration,
        verbose_name=_("commemoration"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=8, choices=site_language_choices)
    title = models.CharField(_("title"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    appeal = models.TextField(_("appeal"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["commemoration", "language"],
                name="one_commemoration_translation_per_language",
            )
        ]

    def __str__(self):
        return f"{self.commemoration} ({self.language})"
