"""Rate limits counted in the shared cache, for the pages and the API alike.

A limit is a rate such as "5/hour" and a key (a scope with an address, a user or an
e-mail address). Time is cut into fixed windows of the rate's period, and each window has
its own counter in the cache: `add` creates it at 1 if it is missing, `incr` raises it
otherwise. Both are atomic in Redis (SET NX, INCRBY) and in the local-memory cache (under
its lock), so concurrent requests each get a distinct count and exactly N of them pass in
a window, however many arrive at once; DRF's own throttles read, append and write back a
list, and concurrent requests overshoot. The cost of fixed windows: a client may spend N
at the end of one window and N again at the start of the next.

A cache that fails lets the request through (and logs it): the limits protect the site,
and must not take it down with the cache.
"""

import dataclasses
import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache

from access.client import client_address

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class BadRate(ValueError):
    pass


def parse_rate(rate):
    """'5/hour' → (5, 3600); the period's first letter is enough, as in DRF."""
    try:
        number, period = rate.split("/")
        return int(number), PERIODS[period.strip()[0].lower()]
    except (ValueError, KeyError, IndexError):
        raise BadRate(f"A rate is a number of requests per s, m, h or d, not {rate!r}.") from None


@dataclasses.dataclass(frozen=True)
class Count:
    allowed: bool
    retry_after: int  # seconds until the current window closes


def hit(key, rate):
    """Count one request against `key`; allowed while the window's count is within the rate."""
    number, period = parse_rate(rate)
    now = time.time()
    window_key = f"limit:{key}:{int(now // period)}"
    retry_after = max(1, math.ceil(period - now % period))
    try:
        # Twice the period: a request at the window's last moment still finds its counter.
        count = 1 if cache.add(window_key, 1, timeout=2 * period) else cache.incr(window_key)
    except ValueError:  # the counter expired between add and incr
        count = 1
    except Exception:
        logger.exception("Rate limit %s not counted: the cache failed", key)
        return Count(allowed=True, retry_after=0)
    return Count(allowed=count <= number, retry_after=retry_after)


def peek(key, rate):
    """Whether `key` is already over its rate in this window, without counting a request."""
    number, period = parse_rate(rate)
    now = time.time()
    try:
        count = cache.get(f"limit:{key}:{int(now // period)}", 0)
    except Exception:
        logger.exception("Rate limit %s not read: the cache failed", key)
        return Count(allowed=True, retry_after=0)
    return Count(allowed=count < number, retry_after=max(1, math.ceil(period - now % period)))


def rate_of(scope):
    """The rate of one of the site's limits (settings.THROTTLE_RATES); None: no limit."""
    return settings.THROTTLE_RATES.get(scope)


def fingerprint(value):
    # Keys name people's e-mail addresses: keep them out of the cache in clear.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def request_keys(request, scope, *, values=()):
    """What one request counts against: its address, its user, and the given values."""
    keys = [f"{scope}:address:{client_address(request)}"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append(f"{scope}:user:{user.pk}")
    keys.extend(f"{scope}:value:{fingerprint(value)}" for value in values if value)
    return keys


def count_request(request, scope, *, values=()):
    """Count a request of `scope` against each of its keys; refused when any is over."""
    rate = rate_of(scope)
    if rate is None:
        return Count(allowed=True, retry_after=0)
    counts = [hit(key, rate) for key in request_keys(request, scope, values=values)]
    refused = [count for count in counts if not count.allowed]
    if refused:
        return Count(allowed=False, retry_after=max(count.retry_after for count in refused))
    return Count(allowed=True, retry_after=0)


def minutes_to_wait(seconds):
    return max(1, math.ceil(seconds / 60))
