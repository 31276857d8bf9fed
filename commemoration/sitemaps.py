"""/sitemap.xml: every public event (in each version there is), organization and calendar
month within the commemorations' windows, each with its hreflang alternates.

A version's address is its page with `?lang=` (commemoration.middleware), the same the
pages' <link rel="alternate" hreflang> name.
"""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import get_language

from commemoration.models import Commemoration
from events.models import Event
from organizations.models import Organization


def _in_language(path):
    return f"{path}?lang={get_language()}"


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self):
        return [code for code, _name in settings.LANGUAGES]

    def location(self, item):
        return _in_language(self.path(item))


class EventSitemap(TranslatedSitemap):
    limit = 5000

    def items(self):
        return Event.objects.public().with_translations().order_by("pk")

    def get_languages_for_item(self, item):
        # An event only in the versions it has: its original and its shown translations.
        return [code for code in item.versions if code in self.languages]

    def path(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at


class OrganizationSitemap(TranslatedSitemap):
    def items(self):
        return Organization.objects.order_by("pk")

    def path(self, item):
        return item.get_absolute_url()


class CalendarMonthSitemap(TranslatedSitemap):
    def items(self):
        months = set()
        for commemoration in Commemoration.objects.all():
            month = commemoration.starts_on.replace(day=1)
            while month <= commemoration.ends_on:
                months.add(month)
                month = (month + datetime.timedelta(days=32)).replace(day=1)
        return sorted(months)

    def path(self, item):
        return reverse("events:calendar_month", kwargs={"year": item.year, "month": item.month})


SITEMAPS = {
    "events": EventSitemap,
    "organizations": OrganizationSitemap,
    "calendar": CalendarMonthSitemap,
}
