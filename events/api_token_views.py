"""/my/token/: a member's key to the API, seen and renewed by its owner only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from access.tokens import token_expires_at, token_refusal


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    if request.method == "POST":
        renew_token(request.user)
        messages.success(request, _("Your new token is ready; the old one no longer works."))
        return redirect("my:api_token")
    token = Token.objects.filter(user=request.user).select_related("user__password_change").first()
    context = {"token": token}
    if token is not None:
        context["expires_at"] = token_expires_at(token)
        context["refusal"] = token_refusal(token)
    return render(request, "my/api_token.html", context)


def renew_token(user):
    """Replace the user's token: whoever held the old one is locked out at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)
