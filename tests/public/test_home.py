"""The home page: the commemoration, its appeal, key figures, what comes next, its day."""

import datetime

from django.utils import timezone

from commemoration.models import Commemoration
from tests.factories import CoOrganizerFactory, EventFactory, OrganizationFactory, local
from tests.public.conftest import S, card_titles, listed_titles


def test_home_shows_the_commemoration_and_the_opening_of_its_appeal(client, commemoration):
    content = client.get("/").content.decode()
    assert '<h1 id="commemoration-title">Centenary of Lenin&#x27;s death</h1>' in content
    assert '<time datetime="2024-01-21">Jan. 21, 2024</time>' in content
    opening, rest = content.split("<summary>Read the whole appeal</summary>")
    assert "<p>First paragraph of the appeal.</p><p>Second paragraph.</p>" in opening
    assert "<p>Third paragraph.</p>" in rest


def test_home_counts_countries_organizations_and_the_anchor_day(
    client, commemoration, organization, other_organization
):
    co_organizer = OrganizationFactory(slug="co", country="IT")
    on_the_day = EventFactory(
        commemoration=commemoration, organization=organization, country="FR", status=S.APPROVED
    )
    CoOrganizerFactory(event=on_the_day, organization=co_organizer)
    EventFactory(
        commemoration=commemoration,
        organization=other_organization,
        country="DE",
        starts_at=local(2024, 3, 1, 10, zone="Europe/Paris"),
        status=S.APPROVED,
    )
    # In Los Angeles, 20 January at 22:00 is the 21st in UTC but not on the anchor day there.
    EventFactory(
        commemoration=commemoration,
        organization=other_organization,
        country="US",
        timezone="America/Los_Angeles",
        starts_at=local(2024, 1, 20, 22, zone="America/Los_Angeles"),
        status=S.APPROVED,
    )
    EventFactory(
        commemoration=commemoration, organization=OrganizationFactory(), status=S.SUBMITTED
    )
    response = client.get("/")
    assert response.context["figures"] == {
        "events": 3,
        "countries": 3,
        "organizations": 3,
        "on_anchor_day": 1,
        "cancelled": 0,
    }
    content = response.content.decode()
    assert "<dt>Countries with an event held</dt><dd>3</dd>" in content
    assert "<dt>Events on Jan. 21, 2024</dt><dd>1</dd>" in content


def test_home_shows_what_is_coming_next(client, running_commemoration, organization):
    now = timezone.now()
    for days, title in [(-3, "Past"), (2, "Soon"), (9, "Later")]:
        EventFactory(
            commemoration=running_commemoration,
            organization=organization,
            title=title,
            starts_at=now + datetime.timedelta(days=days),
            status=S.APPROVED,
        )
    response = client.get("/")
    assert card_titles(response.context["upcoming"]) == ["Soon", "Later"]


def test_home_shows_the_anchor_days_events_once_the_window_has_passed(
    client, commemoration, organization
):
    EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="On the day",
        status=S.APPROVED,
    )
    EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="The day after",
        starts_at=local(2024, 1, 22, 18, zone="Europe/Paris"),
        status=S.APPROVED,
    )
    response = client.get("/")
    assert list(response.context["upcoming"]) == []
    assert listed_titles(response) == ["On the day"]
    assert "It took place" in response.content.decode()
    assert (
        'href="/events/?starts_after=2024-01-21&amp;starts_before=2024-01-21"'
        in response.content.decode()
    )


def test_home_without_any_commemoration_says_so(client, db):
    assert not Commemoration.objects.exists()
    response = client.get("/")
    assert response.status_code == 200
    assert "No commemoration has been announced yet." in response.content.decode()
