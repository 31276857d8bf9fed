"""What every request goes through before any door sees it, and what answers when the
database is down."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commemoration import routers

# The same words as Django's and DRF's own refusal in a form or serializer field.
NULL_CHARACTER_MESSAGE = gettext_lazy("Null characters are not allowed.")


class RefuseNullCharactersMiddleware:
    """A NUL character in the address, the query string or a header: a 400, for every door.

    PostgreSQL text cannot hold one, so a NUL that reaches a lookup (an organization's
    slug, an admin list filter, a session cookie, a token) is a server error there and a
    silent mismatch on SQLite. Forms and serializers refuse it in the fields they read;
    this refuses it in what no field reads. The API's answer names the parameter, as its
    other 400s do.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _null_character_in(request)
        if where is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({where: [str(NULL_CHARACTER_MESSAGE)]}, status=400)
        return render(
            request,
            "error_page.html",
            {"heading": _("Bad request"), "message": _null_character_page_message(where)},
            status=400,
        )


def _null_character_in(request):
    """What holds a NUL: "path", a query parameter's name, or "headers"; None if nothing."""
    if "\x00" in request.path_info:
        return "path"
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "")
    headers = [value for key, value in request.META.items() if key.startswith("HTTP_")]
    # A cookie's value may carry its NUL escaped ("\\000"), which parsing turns back.
    for value in [*headers, *request.COOKIES, *request.COOKIES.values()]:
        if isinstance(value, str) and "\x00" in value:
            return "headers"
    return None


def _null_character_page_message(where):
    if where == "path":
        return _("The address contains a null character, which no page accepts.")
    if where == "headers":
        return _("A header of the request contains a null character.")
    return _("The “%(name)s” parameter contains a null character, which no page accepts.") % {
        "name": where
    }


logger = logging.getLogger(__name__)

# Seconds after which a client may try again (the Retry-After header).
RETRY_AFTER = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable for %s: %r", request.path, exception)
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": _("The service is temporarily unavailable; try again later.")},
                status=503,
            )
        else:
            # No request context: its processors would query the database again.
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response


class QueryLanguageMiddleware:
    """`?lang=xx` reads a page, a feed or the API in that language: each version of an
    event has its own address (the hreflang alternates and the sitemap name them), and an
    API caller may choose without a header. After LocaleMiddleware, which it overrules for
    this request only (the visitor's choice, kept in a cookie, is left alone). An unknown
    code is ignored, as an unknown Accept-Language is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = request.GET.get("lang", "")
        if asked in dict(settings.LANGUAGES):
            translation.activate(asked)
            request.LANGUAGE_CODE = asked
        return self.get_response(request)


class PublicReadsFromReplicaMiddleware:
    """An anonymous GET or HEAD reads from the read replica (commemoration.routers).

    Installed only with DATABASE_REPLICA_URL, after authentication. Any other method is
    passed on before request.user is even looked at. A request that carries an
    Authorization header is the API's with a token, a member whom DRF recognises later:
    it reads the primary, as a signed-in member does. The session and the user are read
    here, before the switch, so they always come from the primary. A streamed answer's
    rows, read after the view has returned, come from the primary too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or "HTTP_AUTHORIZATION" in request.META
            or request.user.is_authenticated
        ):
            return self.get_response(request)
        with routers.reading_for_the_public():
            return self.get_response(request)
