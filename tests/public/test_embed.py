"""/embed/: the public calendar inside another site's frame, and only there."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, OrganizationFactory
from tests.public.conftest import S


@pytest.fixture
def coming(running_commemoration, organization, other_organization):
    soon = timezone.now() + datetime.timedelta(days=2)
    return {
        "ours": EventFactory(
            commemoration=running_commemoration,
            organization=organization,
            title="Our coming rally",
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=2),
            status=S.APPROVED,
            approved_at=timezone.now(),
        ),
        "theirs": EventFactory(
            commemoration=running_commemoration,
            organization=other_organization,
            title="Their coming lecture",
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=2),
            status=S.APPROVED,
            approved_at=timezone.now(),
        ),
        "draft": EventFactory(
            commemoration=running_commemoration,
            organization=organization,
            title="Our secret draft",
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=2),
            status=S.DRAFT,
        ),
    }


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_embed_may_be_framed_by_other_sites(client, coming, organization):
    response = client.get(reverse("events:embed"), {"organization": organization.slug})
    assert response.status_code == 200
    assert sorted(directives(response)["frame-ancestors"]) == ["http:", "https:"]
    assert "X-Frame-Options" not in response
    # The rest of the policy stays as strict as everywhere.
    assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("name", ["events:list", "events:calendar", "organizations:list", "home"])
def test_every_other_page_still_refuses_framing(client, coming, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_embed_sets_no_cookie_and_holds_no_form(client, coming, organization):
    for query in ({"organization": organization.slug}, {"view": "month"}, {"lang": "fr"}):
        response = client.get(reverse("events:embed"), query)
        assert response.status_code == 200
        assert response.cookies == {}
        assert "<form" not in response.content.decode()
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_embed_lists_the_filtered_public_events_with_links_out(client, coming, organization):
    response = client.get(reverse("events:embed"), {"organization": organization.slug})
    page = response.content.decode()
    assert "Our coming rally" in page
    assert "Their coming lecture" not in page
    assert "Our secret draft" not in page
    address = "http://testserver" + coming["ours"].get_absolute_url()
    assert re.search(rf'<a href="{re.escape(address)}" target="_blank" rel="noopener">', page)
    assert '<base target="_blank">' in page


def test_embed_month_view_shows_the_month_of_the_events(client, coming):
    day = coming["ours"].local_date
    response = client.get(
        reverse("events:embed"), {"view": "month", "month": f"{day.year}-{day.month:02d}"}
    )
    page = response.content.decode()
    assert '<table class="embed-calendar">' in page
    assert "Our coming rally" in page and "Their coming lecture" in page
    assert "Our secret draft" not in page


def test_a_busy_day_of_the_embeds_month_shows_its_first_three_and_links_to_the_rest(
    client, running_commemoration, organization, django_assert_max_num_queries
):
    day = running_commemoration.anchor_date
    for hour in range(9, 15):
        EventFactory(
            commemoration=running_commemoration,
            organization=organization,
            title=f"Meeting at {hour}",
            timezone="UTC",
            starts_at=datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC),
            status=S.APPROVED,
        )
    month = {"view": "month", "month": f"{day.year}-{day.month:02d}", "country": "FR"}

    # The commemoration, its translations, the first events of each day with the days'
    # counts, their translations: whatever the number of events in the month.
    with django_assert_max_num_queries(4):
        page = client.get(reverse("events:embed"), month).content.decode()

    cell = re.search(rf'<span class="day-number">{day.day}</span>(.*?)</td>', page, re.S)[1]
    assert re.findall(r"Meeting at \d+", cell) == ["Meeting at 9", "Meeting at 10", "Meeting at 11"]
    more = re.search(r'<a class="embed-more" href="([^"]+)"[^>]*>3 more<', cell)
    assert more, cell
    list_page = more[1].replace("&amp;", "&")
    assert list_page.startswith("http://testserver/events/?")
    assert f"starts_after={day.isoformat()}" in list_page
    assert f"starts_before={day.isoformat()}" in list_page
    assert "country=FR" in list_page and "view=" not in list_page and "month=" not in list_page


def test_embed_speaks_the_language_the_snippet_names(client, coming):
    response = client.get(reverse("events:embed"), {"lang": "fr", "country": "ZZ"})
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Les filtres de ce calendrier" in response.content.decode()
    assert response.cookies == {}


def test_bad_filters_answer_a_message_not_a_500(client, coming):
    response = client.get(reverse("events:embed"), {"starts_after": "9999-99-99"})
    assert response.status_code == 200
    assert "starts_after" in response.content.decode()
    assert "Our coming rally" not in response.content.decode()


def test_embed_refuses_posts(client, coming):
    assert client.post(reverse("events:embed")).status_code == 405


def test_script_alternative_is_plain_javascript_reading_the_api(client):
    response = client.get(reverse("events:embed_script"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    script = response.content.decode()
    assert "/api/v1/events/" in script
    assert "innerHTML" not in script
    assert "http" not in script.replace("https://…", "")


def test_organization_page_offers_its_feeds_and_the_embed_snippets(client, coming, organization):
    response = client.get(organization.get_absolute_url())
    page = response.content.decode()
    query = f"organization={organization.slug}"
    assert f'href="/events.ics?{query}"' in page
    assert f'href="/events/feed.atom?{query}"' in page
    assert f"webcal://testserver/events.ics?{query}" in page
    # Shown as code to copy, never as a frame or a script of this page itself.
    assert f"&lt;iframe src=&quot;http://testserver/embed/?{query}&amp;amp;lang=en&quot;" in page
    assert "<iframe" not in page
    assert "&lt;script src=&quot;http://testserver/embed/calendar.js&quot;" in page
    assert '<script src="http://testserver/embed/calendar.js"' not in page


def test_organization_feed_holds_only_its_events(client, coming, organization):
    response = client.get(reverse("events:feed"), {"organization": organization.slug})
    assert "Our coming rally" in response.content.decode()
    assert "Their coming lecture" not in response.content.decode()
    response = client.get(reverse("events:ics"), {"organization": organization.slug})
    assert b"Our coming rally" in response.getvalue()
    assert b"Their coming lecture" not in response.getvalue()


def test_list_page_offers_the_snippet_for_its_filters(client, coming):
    other = OrganizationFactory(slug="someone-else")
    response = client.get(reverse("events:list"), {"organization": other.slug})
    page = response.content.decode()
    assert "Put this calendar on your site" in page
    assert "embed/?organization=someone-else" in page
