"""The login lockout (django-axes): which account a failed login counts against.

Both logins (/accounts/login/ and /admin/login/) count failures per account and per
address; settings.AXES_* set the limit and the cooling-off period.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from access.limits import minutes_to_wait


def login_name(request, credentials=None):
    """The name a login attempt counts against, however its case was typed.

    /accounts/login/ finds an account by its e-mail address whatever the case
    (organizations.forms.LoginForm), /admin/login/ takes the username as typed: folding
    the case makes "Eva@Example.org" and "eva@example.org" one account on both pages.
    """
    if credentials:
        name = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        name = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return name.strip().casefold() if name else name


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out login gets instead of the login page: 429 and when to come back."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes_to_wait(seconds), "title": _("Too many failed logins")},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
