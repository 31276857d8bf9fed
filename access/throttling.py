"""The API's throttles, counted as the site's other limits are (access.limits).

Rates are read on each request, from REST_FRAMEWORK's DEFAULT_THROTTLE_RATES for the
"anon" and "user" scopes (DRF reads them once, when the class is defined), and from
THROTTLE_RATES for submissions, which the member area counts in the same counters.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from access import limits
from access.client import client_address


class CountedThrottle(BaseThrottle):
    scope = None
    count = None

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)

    def get_key(self, request, view):
        """What the request counts against; None: this throttle does not count it."""
        raise NotImplementedError

    def allow_request(self, request, view):
        rate, key = self.get_rate(), self.get_key(request, view)
        if rate is None or key is None:
            return True
        self.count = limits.hit(f"api:{self.scope}:{key}", rate)
        return self.count.allowed

    def wait(self):
        return self.count.retry_after if self.count else None


class AnonThrottle(CountedThrottle):
    """Anonymous callers, by address."""

    scope = "anon"

    def get_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.get_ident(request)


class UserThrottle(CountedThrottle):
    """Callers with a token, by user. Anonymous callers are AnonThrottle's alone: one
    counter (one round trip to the cache) per anonymous request, not two."""

    scope = "user"

    def get_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return None


class SubmissionThrottle(BaseThrottle):
    """Creating and submitting events, per user and per address, as in the member area."""

    actions = {"create", "submit"}
    count = None

    def allow_request(self, request, view):
        if getattr(view, "action", None) not in self.actions:
            return True
        self.count = limits.count_request(request, "submission")
        return self.count.allowed

    def wait(self):
        return self.count.retry_after if self.count else None
