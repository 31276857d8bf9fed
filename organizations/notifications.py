"""E-mail to a person who asked to join without logging in, sent after the commit.

Sent as events.notifications sends the site's other mail (one message per recipient,
links on settings.SITE_URL, failures logged and never shown to the visitor); only the
owner of the address learns from it whether the address has an account.
"""

from django.urls import reverse

from events.notifications import _absolute, _send, never_raises


@never_raises
def join_confirmation(user, organization, *, token):
    context = {
        "organization": organization,
        "confirm_url": _absolute(reverse("join_confirm", kwargs={"token": token})),
    }
    _send("join_confirmation", [user], context)


@never_raises
def join_with_known_address(user, organization):
    context = {
        "organization": organization,
        "login_url": _absolute(reverse("login")),
        "join_url": _absolute(reverse("join")),
        "reset_url": _absolute(reverse("password_reset")),
    }
    _send("join_with_known_address", [user], context)
