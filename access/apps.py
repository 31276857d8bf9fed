from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Who may come in, and how often: client addresses, limits, lockouts, tokens, 2FA."""

    name = "access"
    verbose_name = _("Access")

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from access import sessions, tokens

        post_save.connect(
            tokens.record_password_change,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="access.record_password_change",
        )
        user_logged_in.connect(sessions.limit_staff_session, dispatch_uid="access.staff_session")


class CommitteeAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that asks committee members with a device for their code."""

    default = False  # named by its path in INSTALLED_APPS, in place of Django's
    default_site = "access.admin_site.CommitteeAdminSite"
