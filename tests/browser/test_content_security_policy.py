"""Every page works under the site's strict Content-Security-Policy: Chromium reports no
violation on the public pages, the API's documentation, the member area or the admin."""

import pprint

import pytest

from events.management.commands.seed_demo import DEMO_PASSWORDS
from events.models import Event
from organizations.models import Organization
from tests.foundation.test_content_security_policy import STRICT_POLICY, policy_directives

pytestmark = pytest.mark.browser

# Added through the DevTools protocol before any of the page's own scripts: it is not an
# inline script of the page, and the policy does not apply to it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
    });
});
"""


@pytest.fixture
def csp_page(page):
    """The visitor's page, with every violation of the policy recorded: the browser's own
    reports and its console messages about the policy."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_reports = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.console_reports.append(message.text)
        ),
    )
    return page


def violations_on(page, pages):
    """{page: [violations]} for the pages that break the policy; each has the strict one."""
    found = {}
    for name, url in pages.items():
        page.console_reports.clear()
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.status == (404 if name == "page not found" else 200), url
        header = response.headers["content-security-policy"]
        assert policy_directives(header) == STRICT_POLICY, url
        violations = page.evaluate("() => window.cspViolations") + page.console_reports
        if violations:
            found[f"{name} ({url})"] = violations
    return found


def test_public_pages_break_no_rule_of_the_content_security_policy(csp_page, public_pages):
    pages = {
        **public_pages,
        "filtered list": "/events/?country=EC&kind=rally&online=false",
        "calendar month": "/calendar/2024/1/",
        "filtered calendar": "/calendar/2024/1/?language=es",
        "password reset": "/accounts/password_reset/",
    }

    found = violations_on(csp_page, pages)

    assert found == {}, f"Content-Security-Policy violations:\n{pprint.pformat(found, width=100)}"


def test_api_documentation_works_under_the_content_security_policy(csp_page, demo):
    found = violations_on(csp_page, {"API documentation": "/api/docs/"})

    # Swagger UI drew the operations from the schema, and opens one on a click.
    assert "/api/v1/events/" in csp_page.locator(".opblock-summary-path").all_inner_texts()
    csp_page.locator(".opblock-summary", has_text="/api/v1/events/").first.click()
    csp_page.get_by_role("button", name="Try it out").first.wait_for()
    assert found == {}, f"Content-Security-Policy violations:\n{pprint.pformat(found, width=100)}"
    assert csp_page.evaluate("() => window.cspViolations") == []
    assert csp_page.console_reports == []


def test_member_area_breaks_no_rule_of_the_content_security_policy(
    csp_page, member_pages, log_in_as_demo_member
):
    log_in_as_demo_member(csp_page)
    approved = Event.objects.filter(
        organization__slug="sample-party-ec", status=Event.Status.APPROVED
    ).first()
    pages = {
        **member_pages,
        "event page": approved.get_absolute_url(),
        "cancel my event": f"/my/events/{approved.pk}/cancel/",
        "API token": "/my/token/",
        "password change": "/accounts/password_change/",
    }

    found = violations_on(csp_page, pages)

    assert found == {}, f"Content-Security-Policy violations:\n{pprint.pformat(found, width=100)}"


def log_in_to_the_admin(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("committee")
    page.get_by_label("Password").fill(DEMO_PASSWORDS["committee"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_admin_breaks_no_rule_of_the_content_security_policy(csp_page, demo):
    log_in_to_the_admin(csp_page)
    event = Event.objects.order_by("pk").first()
    organization = Organization.objects.order_by("pk").first()
    pages = {
        "admin index": "/admin/",
        "events": "/admin/events/event/",
        "events waiting": "/admin/events/event/?status__exact=submitted",
        "an event": f"/admin/events/event/{event.pk}/change/",
        "organizations": "/admin/organizations/organization/",
        "an organization": f"/admin/organizations/organization/{organization.pk}/change/",
        "new organization": "/admin/organizations/organization/add/",
        "commemorations": "/admin/commemoration/commemoration/",
        "new commemoration": "/admin/commemoration/commemoration/add/",
        "join requests": "/admin/organizations/joinrequest/",
        "moderation records": "/admin/events/moderationrecord/",
    }

    found = violations_on(csp_page, pages)

    assert found == {}, f"Content-Security-Policy violations:\n{pprint.pformat(found, width=100)}"


def test_admin_widgets_work_under_the_content_security_policy(csp_page, demo):
    log_in_to_the_admin(csp_page)
    organization = Organization.objects.order_by("pk").first()

    # The slug written from the title, and the date shortcuts (admin/js/*.js).
    csp_page.goto("/admin/commemoration/commemoration/add/")
    csp_page.locator("#id_title").fill("Next Commemoration")
    csp_page.locator("#id_title").blur()
    csp_page.locator(".field-anchor_date").get_by_role("link", name="Today").click()
    assert csp_page.get_by_label("Slug").input_value() == "next-commemoration"
    assert csp_page.get_by_label("Anchor date").input_value()
    on_the_form = csp_page.evaluate("() => window.cspViolations")
    # The parent organization's autocomplete (select2) opens, searches and shows results.
    csp_page.goto(f"/admin/organizations/organization/{organization.pk}/change/")
    csp_page.locator(".field-parent .select2-selection").click()
    csp_page.locator(".select2-search__field").fill("Sample")
    csp_page.locator(".select2-results__option", has_text="Sample").first.wait_for()

    assert on_the_form == []
    assert csp_page.evaluate("() => window.cspViolations") == []
    assert csp_page.console_reports == []
