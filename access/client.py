"""Who sent a request: the one place that reads the client's address.

Every limit (the API's throttles, the login lockout, the form throttles) counts by this
address, so that a header the client writes itself can never make it a new client.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's address as the site's own proxies saw it.

    Each of the TRUSTED_PROXY_COUNT proxies in front of the site appends the address it
    received the request from to X-Forwarded-For, so the client is the N-th entry from
    the right; whatever stands further left was written by the client and is ignored.
    With no proxy (the default) the header is not read at all: REMOTE_ADDR is the client.
    A header shorter than the chain, or an entry that is not an address, means the
    request did not come through the proxies as configured: REMOTE_ADDR again.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
