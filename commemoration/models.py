from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
        return [p.strip() for p in self.appeal.split("\n\n") if p.strip()]

    def contains(self, day):
        return self.starts_on <= day <= self.ends_on
