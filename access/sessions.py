"""How long a login lasts: SESSION_COOKIE_AGE for members, less for the committee."""

import datetime

from django.conf import settings
from django.utils import timezone


def limit_staff_session(sender, request, user, **kwargs):
    """user_logged_in: a staff login ends STAFF_SESSION_HOURS later, used or not.

    A fixed moment, not an age renewed by activity: the session is dropped then even if
    the admin is open all day, and whoever took the cookie keeps it no longer.
    """
    if user.is_staff and hasattr(request, "session"):
        request.session.set_expiry(
            timezone.now() + datetime.timedelta(hours=settings.STAFF_SESSION_HOURS)
        )
