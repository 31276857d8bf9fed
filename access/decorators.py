"""Limits on the site's own forms: joining, password resets, event submissions."""

import functools

from django.shortcuts import render

from access import limits


def too_many_requests(request, retry_after):
    """The page for a refused request: 429, with when to come back (also in Retry-After)."""
    response = render(
        request,
        "429.html",
        {"minutes": limits.minutes_to_wait(retry_after)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope, *, methods=("POST",), fields=(), when=None):
    """Count each `methods` request per address, per user and per value of `fields`.

    `when(request)`, if given, says whether a request counts at all (a form with
    several buttons, only one of which is limited).
    `fields` names form fields whose values are counted too, such as the e-mail address a
    password reset is asked for: many addresses cannot then flood one person's mailbox.
    The rate is settings.THROTTLE_RATES[scope].
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and (when is None or when(request)):
                values = [request.POST.get(name, "") for name in fields]
                count = limits.count_request(request, scope, values=values)
                if not count.allowed:
                    return too_many_requests(request, count.retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
