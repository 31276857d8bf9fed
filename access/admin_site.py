"""The admin site: a committee member who set up an authenticator app must give its code.

The second factor is optional (django-otp's own OTPAdminSite makes it compulsory for
all): a staff account with a confirmed TOTP device reaches the admin only from a session
verified by a code; an account without one logs in with its password as before. A wrong
code counts as a failed login for the lockout, as a wrong password does.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device


def second_factor_done(user):
    """Verified by a code in this session, or with no device to give one."""
    return user.is_verified() or not user_has_device(user, confirmed=True)


class CommitteeLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Only if you have set up a second factor for your account."),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _("Enter the code that your authenticator app shows."),
        "code_wrong": _("This code is not right, or no longer valid. Enter the current one."),
    }

    def clean(self):
        data = super().clean()
        user = self.get_user()
        if user is None:
            return data
        code = "".join(data.get("otp_token", "").split())
        with transaction.atomic():
            # Locked rows: two requests cannot both spend the same code.
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if not devices:
                return data
            if not code:
                raise forms.ValidationError(
                    self.error_messages["code_required"], code="code_required"
                )
            for device in devices:
                if device.verify_token(code):
                    user.otp_device = device  # django_otp keeps it in the session at login
                    return data
        user_login_failed.send(
            sender=__name__, credentials={"username": data.get("username")}, request=self.request
        )
        raise forms.ValidationError(self.error_messages["code_wrong"], code="code_wrong")


class CommitteeAdminSite(admin.AdminSite):
    login_form = CommitteeLoginForm
    login_template = "admin/login_with_code.html"
    # The queue needs the whole width of a 1280-pixel screen; the home page lists the models.
    enable_nav_sidebar = False

    def has_permission(self, request):
        return super().has_permission(request) and second_factor_done(request.user)
