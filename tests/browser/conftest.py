"""Headless Chromium, driven through Playwright, against pytest-django's live server.

Playwright cannot download its own browser here: it drives Debian's Chromium. Without it,
the browser tests skip on a developer's machine and fail in CI (where CI is set).
"""

import datetime
import io
import os
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from events.imports import import_batch, template_csv
from events.management.commands.seed_demo import DEMO_PASSWORDS
from events.models import Event, ImportBatch
from events.report_models import EventReport
from organizations.models import Organization
from organizations.services import join_request_create
from tests.factories import CommemorationFactory, EventFactory, OrganizationFactory

User = get_user_model()

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Loaded from the site's own static files: the pages' Content-Security-Policy refuses the
# inline script that add_script_tag(path=...) would write.
AXE_URL = "/static/vendor/axe-core/axe.min.js"


@pytest.fixture
def browser(live_server, django_db_serialized_rollback, monkeypatch):
    """Chromium, started once the test database is ready and its rows restored.

    Started per test, after the database fixtures: while Playwright's event loop runs,
    Django hands this thread a fresh connection object, so the test database's setup
    and restore must happen before it starts.
    """
    if not CHROMIUM.exists():
        message = f"The browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database access from a thread with a running loop unless told it is safe. Only for
    # this test: the variable must not leak into the deploy check of other tests.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Close the connections this thread opened while the loop ran, or PostgreSQL
        # could not drop the test database at the end.
        connections.close_all()


def _new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="en-US", **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A fresh English-speaking visitor on a desktop screen."""
    context, page = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


# A small phone: 360 CSS pixels wide, 740 high.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def phone(browser, live_server):
    """A visitor on a small phone, 360 CSS pixels wide."""
    context, page = _new_page(browser, live_server, **PHONE)
    yield page
    context.close()


@pytest.fixture
def phone_without_javascript(browser, live_server):
    """The same small phone with JavaScript turned off."""
    context, page = _new_page(browser, live_server, **PHONE, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def demo(django_db_serialized_rollback):
    """The demo data of `manage.py seed_demo`: a commemoration, organizations, events."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def public_pages(demo):
    """The public pages of the demo data every browser check visits: name -> address.

    Every kind of page a visitor reaches from the site's own links, once each; the pages
    another site frames are `embedded_pages`."""
    public = Event.objects.public().order_by("starts_at", "pk")
    approved = public.filter(status=Event.Status.APPROVED)
    event = approved.first()
    translated = approved.filter(translations__language="es").first()
    reported = approved.filter(report__status=EventReport.Status.APPROVED).first()
    organization = Organization.objects.order_by("name").first()
    return {
        "home": "/",
        "event list": "/events/",
        "searched event list": "/events/?q=lecture",
        "filtered event list": "/events/?country=EC&kind=rally&online=false",
        "event list near a city": "/events/?near=Quito&radius=500&sort=distance",
        "calendar": "/calendar/",
        "calendar month": "/calendar/2024/1/",
        "filtered calendar month": "/calendar/2024/1/?language=es",
        "event": event.get_absolute_url(),
        "event in another language": f"{translated.get_absolute_url()}?lang=es",
        "event with a report": reported.get_absolute_url(),
        "event poster": reverse("events:poster", args=[event.pk, event.slug]),
        "cancelled event": public.filter(status=Event.Status.CANCELLED).first().get_absolute_url(),
        "event of a series": public.filter(series__isnull=False).first().get_absolute_url(),
        "organizations": "/organizations/",
        "organization": organization.get_absolute_url(),
        "figures": "/figures/",
        "map": "/map/",
        "filtered map": "/map/?country=EC",
        "log in": "/accounts/login/",
        "password reset": "/accounts/password_reset/",
        "password reset sent": "/accounts/password_reset/done/",
        "join an organization": "/accounts/join/",
        "page not found": "/events/999999-nothing-here/",
    }


@pytest.fixture
def embedded_pages(demo):
    """The pages another site may frame (their own policy lets it): name -> address."""
    return {
        "embedded list": "/embed/",
        "embedded list of a country": "/embed/?country=EC",
        "embedded month": "/embed/?view=month",
    }


@pytest.fixture
def member_pages(demo):
    """The member area of the demo member, an admin of the sample party of Ecuador."""
    member = User.objects.get(username="member")
    events = Event.objects.filter(organization__slug="sample-party-ec").order_by("pk")
    event = events.first()
    approved = events.filter(status=Event.Status.APPROVED, series__isnull=True).first()
    in_series = events.filter(series__isnull=False).first()
    organization = Organization.objects.get(slug="sample-party-ec")
    # Someone asks to join, so that the members' page shows its answers; the demo
    # already names the party as co-organizer of one event, waiting for its answer.
    stranger = get_user_model().objects.get(username="secretary-sample-party-fr")
    join_request_create(user=stranger, organization=organization)
    # The import's template, once to preview and once imported, for its report.
    preview, imported = (
        ImportBatch.objects.create(
            organization=organization,
            created_by=member,
            kind=ImportBatch.Kind.CSV,
            filename="events.csv",
            content=template_csv().encode(),
        )
        for _ in range(2)
    )
    import_batch(imported, submit=False)
    return {
        "my events": "/my/",
        "new event": "/my/events/new/",
        "my event": f"/my/events/{event.pk}/",
        "edit my event": f"/my/events/{event.pk}/edit/",
        "duplicate my event": f"/my/events/{event.pk}/duplicate/",
        "translate my event": f"/my/events/{event.pk}/translations/fr/",
        "withdraw my event": f"/my/events/{approved.pk}/withdraw/",
        "cancel my event": f"/my/events/{approved.pk}/cancel/",
        "report on my event": f"/my/events/{approved.pk}/report/",
        "repeat my event": f"/my/events/{approved.pk}/repeat/",
        "my event of a series": f"/my/events/{in_series.pk}/",
        "edit my event of a series": f"/my/events/{in_series.pk}/edit/",
        "cancel my series": f"/my/series/{in_series.series_id}/cancel/",
        "members": "/accounts/members/",
        "invitations to co-organize": "/my/co-organizing/",
        "duplicate my approved event": f"/my/events/{approved.pk}/duplicate/",
        "translate my approved event": f"/my/events/{approved.pk}/translations/fr/",
        "withdraw my series": f"/my/series/{in_series.series_id}/withdraw/",
        "members of my organization": "/accounts/organizations/sample-party-ec/members/",
        "import": "/my/import/",
        "import preview": f"/my/import/{preview.pk}/",
        "import report": f"/my/import/{imported.pk}/report/",
        "language of my e-mails": "/my/language/",
        "API token": "/my/token/",
        "change my password": "/accounts/password_change/",
    }


@pytest.fixture
def log_in_as_demo_member(demo):
    """Logs the demo member in through the log-in form, as a person would."""

    def log_in(page):
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address or username").fill("member")
        page.get_by_label("Password").fill(DEMO_PASSWORDS["member"])
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/my/")

    return log_in


@pytest.fixture
def prefer_language(live_server):
    """Sets the language cookie that the switcher sets, for pages opened afterwards."""

    def prefer(page, language):
        cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        page.context.add_cookies([cookie])

    return prefer


@pytest.fixture
def serious_accessibility_violations():
    """Runs the vendored axe-core in a page; gives its serious and critical violations,
    and the ids used more than once (they break labels and aria-labelledby)."""

    def run(page):
        page.add_script_tag(url=AXE_URL)
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        violations = [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["html"][:200] for node in violation["nodes"][:5]],
            }
            for violation in result["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        duplicates = page.evaluate(
            """() => {
                const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
                return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
            }"""
        )
        if duplicates:
            violations.append(
                {
                    "rule": "duplicate-id",
                    "impact": "serious",
                    "help": "ids must be unique",
                    "nodes": duplicates[:5],
                }
            )
        return violations

    return run


@pytest.fixture
def tokyo_event(db):
    """An approved event at half past midnight on 21 January in Tokyo, on the map."""
    commemoration = CommemorationFactory()
    organization = OrganizationFactory(slug="jp-party", country="JP")
    return EventFactory(
        commemoration=commemoration,
        organization=organization,
        status=Event.Status.APPROVED,
        title="Tokyo rally",
        timezone="Asia/Tokyo",
        starts_at=datetime.datetime(2024, 1, 21, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")),
        ends_at=datetime.datetime(2024, 1, 21, 2, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")),
        city="Tokyo",
        country="JP",
        latitude=35.6895,
        longitude=139.69171,
    )
