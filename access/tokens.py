"""API tokens that expire, and that a new password revokes.

A token works for settings.API_TOKEN_DAYS from its creation (`Token.created`), and only
if it was made after its owner last chose a password: a password changed because it
leaked also cuts off whoever took the token with it. A wrong token counts against the
caller's address, and an address over the "token_failure" rate is refused (429) before
any token it sends is even looked up, so keys cannot be guessed at the API's speed.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from access import limits
from access.client import client_address
from access.models import PasswordChange


def token_expires_at(token):
    return token.created + datetime.timedelta(days=settings.API_TOKEN_DAYS)


def token_refusal(token, *, now=None):
    """Why the token no longer works, as its owner should read it; None while it works."""
    renew = f"{settings.SITE_URL}{reverse('my:api_token')}"
    change = getattr(token.user, "password_change", None)
    if change is not None and token.created < change.changed_at:
        return _(
            "This token was revoked when your password changed. Create a new one at %(url)s."
        ) % {"url": renew}
    expires_at = token_expires_at(token)
    if (now or timezone.now()) >= expires_at:
        return _("This token expired on %(date)s. Create a new one at %(url)s.") % {
            "date": expires_at.date().isoformat(),
            "url": renew,
        }
    return None


def record_password_change(sender, instance, created, update_fields=None, **kwargs):
    """post_save of the user model: a password chosen with set_password() is a change.

    set_password() keeps the raw password on the instance until the save; Django's
    upgrade of a stored hash (at login, after a hasher's parameters changed) clears it
    before saving, precisely so that an upgrade is not taken for a change.
    """
    if created or getattr(instance, "_password", None) is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    PasswordChange.objects.update_or_create(user=instance, defaults={"changed_at": timezone.now()})


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        rate = limits.rate_of("token_failure")
        key = f"token_failure:address:{client_address(request)}"
        if rate:
            seen = limits.peek(key, rate)
            if not seen.allowed:
                raise Throttled(
                    wait=seen.retry_after,
                    detail=_("Too many requests with a wrong token came from your address."),
                )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            if rate:
                limits.hit(key, rate)
            raise

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user", "user__password_change").get(key=key)
        except model.DoesNotExist:
            raise AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        refusal = token_refusal(token)
        if refusal:
            raise AuthenticationFailed(refusal)
        return (token.user, token)
