from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordChange(models.Model):
    """When a person last chose a new password: their API tokens made before are refused."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_change",
        verbose_name=_("user"),
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("password change")
        verbose_name_plural = _("password changes")

    def __str__(self):
        return f"{self.user} {self.changed_at:%Y-%m-%d %H:%M}"
