"""An organization named co-organizer is shown as the event's only once it has accepted:
on its page, in the directory's counts and the home page's figures, in every door's
`organization=` filter, on the event's page, in its JSON-LD and in the API's
`co_organizers`."""

import datetime
import json
import re

import pytest

from events.models import CoOrganizer
from events.services import accept_co_organization, decline_co_organization
from tests.factories import CoOrganizerFactory, EventFactory
from tests.public.conftest import S

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def rally(commemoration, organization):
    return EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Rally of two parties",
        status=S.APPROVED,
        approved_at=datetime.datetime(2023, 12, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture
def invitation(rally, other_organization):
    return CoOrganizerFactory(
        event=rally, organization=other_organization, status=CoOrganizer.Status.PENDING
    )


def shown_as_theirs(client, event, partner):
    """Where the public sees `event` as one of `partner`'s, surface by surface."""
    slug = partner.slug
    page = client.get(event.get_absolute_url()).getvalue().decode()
    json_ld = json.loads(JSON_LD.search(page).group(1))
    api_event = client.get(f"/api/v1/events/{event.pk}/").json()
    api_list = client.get(f"/api/v1/events/?organization={slug}").json()["results"]
    directory = client.get("/organizations/").context
    counts = {
        organization.slug: organization.public_event_count.total
        for _country, group in directory["parties_by_country"]
        for organization in group
    }
    return {
        "organization page": event.title in client.get(f"/organizations/{slug}/").content.decode(),
        "directory count": counts[slug] == 1,
        "list filter": event.title in client.get(f"/events/?organization={slug}").content.decode(),
        "calendar filter": event.title
        in client.get(f"/calendar/2024/1/?organization={slug}").getvalue().decode(),
        ".ics filter": f"SUMMARY:{event.title}"
        in client.get(f"/events.ics?organization={slug}").getvalue().decode(),
        "Atom filter": event.title
        in client.get(f"/events/feed.atom?organization={slug}").getvalue().decode(),
        "API filter": [row["id"] for row in api_list] == [event.pk],
        "event page": f'href="{partner.get_absolute_url()}"' in page,
        "JSON-LD": partner.name in [organizer["name"] for organizer in json_ld["organizer"]],
        "API co_organizers": [o["slug"] for o in api_event["co_organizers"]] == [slug],
    }


def everywhere(value):
    return dict.fromkeys(
        [
            "organization page",
            "directory count",
            "list filter",
            "calendar filter",
            ".ics filter",
            "Atom filter",
            "API filter",
            "event page",
            "JSON-LD",
            "API co_organizers",
        ],
        value,
    )


def test_a_named_co_organizer_is_shown_nowhere_until_it_accepts(
    client, rally, invitation, other_organization, partner_admin
):
    assert shown_as_theirs(client, rally, other_organization) == everywhere(False)
    assert client.get("/").context["figures"]["organizations"] == 1

    accept_co_organization(invitation, by=partner_admin)

    assert shown_as_theirs(client, rally, other_organization) == everywhere(True)
    assert client.get("/").context["figures"]["organizations"] == 2


def test_a_co_organizer_that_declines_leaves_every_list(
    client, rally, invitation, other_organization, partner_admin
):
    accept_co_organization(invitation, by=partner_admin)
    assert shown_as_theirs(client, rally, other_organization) == everywhere(True)

    decline_co_organization(invitation, by=partner_admin)

    assert shown_as_theirs(client, rally, other_organization) == everywhere(False)
    assert client.get("/").context["figures"]["organizations"] == 1


def test_the_host_is_shown_whatever_the_co_organizers_answer(
    client, rally, invitation, organization
):
    api_list = client.get(f"/api/v1/events/?organization={organization.slug}").json()["results"]
    assert [row["id"] for row in api_list] == [rally.pk]
    assert rally.title in client.get(f"/organizations/{organization.slug}/").getvalue().decode()


def test_lists_validators_change_when_a_co_organizer_answers(
    client, rally, invitation, other_organization, partner_admin
):
    """A cached .ics or a mirror's conditional GET would otherwise miss the answer."""
    path = f"/events.ics?organization={other_organization.slug}"
    before = client.get(path)
    updated_at = rally.updated_at

    accept_co_organization(invitation, by=partner_admin)

    rally.refresh_from_db()
    assert rally.updated_at > updated_at
    assert client.get(path, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    synced = client.get(f"/api/v1/events/?updated_since={updated_at.isoformat()}").json()
    assert [row["id"] for row in synced["results"]] == [rally.pk]
