"""The list's and the calendar's drop-downs offer the countries and languages in use, read
once per change of the events rather than by a DISTINCT over all events on every request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from events import services
from events.selectors import countries_in_use, languages_in_use
from tests.factories import EventFactory, OrganizationFactory, local
from tests.public.conftest import S, approved


def distinct_queries(context):
    """The menus' reads: a DISTINCT, or on PostgreSQL a walk of the column's index."""
    return [
        q["sql"]
        for q in context.captured_queries
        if "DISTINCT" in q["sql"] or "WITH RECURSIVE found" in q["sql"]
    ]


def test_filter_menus_are_read_once_until_an_event_changes(
    client, commemoration, organization, moderator
):
    approved(commemoration, organization, "Paris", local(2024, 1, 21, 18), "Europe/Paris")
    waiting = EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Tokyo",
        country="JP",
        languages=["ja"],
        timezone="Asia/Tokyo",
        starts_at=local(2024, 1, 22, 18, zone="Asia/Tokyo"),
        status=S.SUBMITTED,
    )
    with CaptureQueriesContext(connection) as first:
        page = client.get("/events/", {"starts_after": "2024-01-01"}).content.decode()
    assert len(distinct_queries(first)) == 2
    assert '<option value="FR">' in page
    assert '<option value="JP">' not in page

    for path in ("/events/", "/calendar/2024/1/"):
        with CaptureQueriesContext(connection) as again:
            assert client.get(path).status_code == 200
        assert distinct_queries(again) == [], path

    services.approve_event(waiting, by=moderator)

    page = client.get("/calendar/2024/1/").content.decode()
    assert '<option value="JP">' in page
    assert '<option value="ja">' in page


def test_filter_menus_hold_every_country_and_language_of_public_events_only(
    commemoration, organization
):
    places = [
        ("FR", ["fr"], S.APPROVED),
        ("FR", ["fr", "en"], S.CANCELLED),
        ("", ["en"], S.APPROVED),
        ("AR", ["es", "qu"], S.APPROVED),
        ("DE", ["de"], S.APPROVED),
        ("JP", ["ja"], S.SUBMITTED),
        ("ZA", ["zu"], S.DRAFT),
        ("BR", ["pt"], S.REJECTED),
    ]
    for country, languages, status in places:
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            country=country,
            languages=languages,
            status=status,
        )

    assert countries_in_use() == {"FR", "", "AR", "DE"}
    assert languages_in_use() == {"fr", "en", "es", "qu", "de"}


def test_the_organization_menu_follows_each_change_of_the_organizations(
    client, commemoration, organization
):
    approved(commemoration, organization, "Paris", local(2024, 1, 21, 18), "Europe/Paris")
    first = client.get("/events/").content.decode()
    assert f'<option value="{organization.slug}">{escape(organization.name)}</option>' in first

    newcomer = OrganizationFactory(name="Newcomer <Party>", slug="newcomer")
    organization.name = "Renamed & Co"
    organization.save()

    for path in ("/events/", "/calendar/2024/1/"):
        page = client.get(path).content.decode()
        assert '<option value="newcomer">Newcomer &lt;Party&gt;</option>' in page, path
        assert f'<option value="{organization.slug}">Renamed &amp; Co</option>' in page, path

    chosen = client.get("/events/", {"organization": "newcomer"}).content.decode()
    assert '<option value="newcomer" selected>Newcomer &lt;Party&gt;</option>' in chosen
    assert '<option value="">Any organization</option>' in chosen

    french = client.get("/events/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="" selected>Toutes les organisations</option>' in french

    newcomer.delete()
    assert 'value="newcomer"' not in client.get("/events/").content.decode()
