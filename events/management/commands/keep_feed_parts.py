"""Write each public event's part of the whole feeds and keep it in the shared cache
(events.caching.kept_fragments), as a reader's first request would, without its timeout."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.utils import translation

from events import views

FEEDS = (("/events.ics", views.events_ics), ("/events.geojson", views.events_geojson))


class Command(BaseCommand):
    help = (
        "Write and keep every public event's VEVENT and GeoJSON Feature for SITE_URL, in "
        "each language given (the site's default otherwise). Run after a deploy, which "
        "changes every kept part's key: the whole feeds of a large site are then read from "
        "the cache, not written within the server's timeout. A second run writes only the "
        "events changed since."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            dest="languages",
            choices=[code for code, _name in settings.LANGUAGES],
            help="a language to keep the parts in (repeat for more); default LANGUAGE_CODE",
        )

    def handle(self, *args, languages=None, **options):
        if not settings.FEED_FRAGMENT_SECONDS:
            raise CommandError(
                "FEED_FRAGMENT_SECONDS is 0 (it follows the shared cache, REDIS_URL): "
                "no part is kept."
            )
        site = urlsplit(settings.SITE_URL)
        if not site.netloc:
            raise CommandError("SITE_URL gives no host: the parts are kept for the site's host.")
        factory = RequestFactory()
        for language in languages or [settings.LANGUAGE_CODE]:
            for path, view in FEEDS:
                # As a reader's request reaches the view: the site's scheme and host (the
                # parts' links), the language, nobody signed in.
                request = factory.get(path, HTTP_HOST=site.netloc, secure=site.scheme == "https")
                request.user = AnonymousUser()
                with translation.override(language):
                    response = view(request)
                    # A small calendar may come whole from the cache already.
                    chunks = (
                        response.streaming_content if response.streaming else [response.content]
                    )
                    size = sum(len(chunk) for chunk in chunks)
                self.stdout.write(f"{path} in {language}: {size:,} bytes, its parts kept.")
