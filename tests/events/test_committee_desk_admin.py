"""The committee's desk in the admin: the queue on the home page, filters that list only
what has events, the history newest first, and join requests answered from their page."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event
from events.services import approve_event, reject_event, submit_event
from organizations.models import JoinRequest, Membership
from tests.factories import EventFactory, OrganizationFactory, UserFactory

S = Event.Status
pytestmark = pytest.mark.django_db


def test_the_admin_home_counts_what_waits_and_since_when(moderator_client, member, organization):
    for title in ("Rally", "Lecture"):
        submit_event(EventFactory(organization=organization, title=title), by=member)
    Event.objects.filter(title="Rally").update(
        submitted_at=timezone.now() - datetime.timedelta(days=2, hours=1)
    )

    content = moderator_client.get("/admin/").content.decode()

    assert "2 events wait for moderation" in content
    assert "the oldest for 2\xa0days, 1\xa0hour" in content
    assert 'href="/admin/events/event/?status__exact=submitted"' in content


def test_the_admin_home_says_when_nothing_waits(moderator_client):
    assert "No event waits for moderation." in moderator_client.get("/admin/").content.decode()


def test_organization_and_country_filters_list_only_what_has_events(moderator_client, organization):
    OrganizationFactory(name="Party without events", country="PT")
    EventFactory(organization=organization, country="FR")
    EventFactory(organization=organization, country="EC", city="Quito", timezone="UTC")

    response = moderator_client.get("/admin/events/event/")

    filters = {spec.title: spec for spec in response.context["cl"].filter_specs}
    assert [name for _code, name in filters["host organization"].lookup_choices] == [
        organization.name
    ]
    assert [name for _code, name in filters["country"].lookup_choices] == ["Ecuador", "France"]
    in_ecuador = moderator_client.get("/admin/events/event/?country=EC")
    assert [e.city for e in in_ecuador.context["cl"].result_list] == ["Quito"]


def test_an_events_history_lists_its_moves_newest_first(
    moderator_client, moderator, member, organization
):
    event = EventFactory(organization=organization)
    submit_event(event, by=member)
    reject_event(event, by=moderator, reason="Give the address.")
    submit_event(event, by=member)
    approve_event(event, by=moderator)

    content = moderator_client.get(f"/admin/events/event/{event.pk}/history/").content.decode()

    table = content[content.index('id="moderation-history"') :]
    order = [table.index(word) for word in ("Approved", "Give the address.")]
    assert order == sorted(order)  # the approval, newest, comes before the rejection
    assert table.count('<tr><th scope="row">') == 4


def test_bulk_reject_with_one_reason_writes_one_record_per_event(moderator_client, organization):
    events = [EventFactory(organization=organization, status=S.SUBMITTED) for _ in range(3)]

    response = moderator_client.post(
        "/admin/events/event/",
        {
            "action": "reject_selected",
            "_selected_action": [e.pk for e in events],
            "apply": "1",
            "reason": "Not about the commemoration.",
        },
        follow=True,
    )

    assert "3 events rejected:" in response.content.decode()
    for event in events:
        event.refresh_from_db()
        assert event.status == S.REJECTED
        assert [r.note for r in event.moderation_records.all()] == ["Not about the commemoration."]


def test_a_join_request_is_accepted_from_its_own_page(moderator_client, organization):
    person = UserFactory(username="dora@example.org")
    join_request = JoinRequest.objects.create(user=person, organization=organization)
    page = f"/admin/organizations/joinrequest/{join_request.pk}/change/"

    assert 'data-answer="accept"' in moderator_client.get(page).content.decode()
    response = moderator_client.post(
        f"/admin/organizations/joinrequest/{join_request.pk}/answer/accept/", follow=True
    )

    assert response.status_code == 200
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert Membership.objects.filter(user=person, organization=organization).exists()
    assert 'data-answer="accept"' not in response.content.decode()


def test_a_committee_member_in_charge_of_france_sees_france_first(
    moderator_client, moderator, organization
):
    from events.models import ModeratorCharge

    waiting = []
    for country, city in (("DE", "Berlin"), ("FR", "Lyon"), ("EC", "Quito"), ("FR", "Paris")):
        waiting.append(
            EventFactory(organization=organization, status=S.SUBMITTED, country=country, city=city)
        )
    # The oldest first within each part: the order they were submitted in.
    for hours, event in zip((4, 3, 2, 1), waiting, strict=True):
        Event.objects.filter(pk=event.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(hours=hours)
        )
    ModeratorCharge.objects.create(moderator=moderator, countries=["FR"])

    response = moderator_client.get("/admin/events/event/")

    cities = [event.city for event in response.context["cl"].result_list]
    assert cities == ["Lyon", "Paris", "Berlin", "Quito"]


def test_the_admin_home_shows_each_moderators_waiting_count(moderator_client, organization):
    from events.models import ModeratorCharge
    from tests.factories import committee_member

    eva = committee_member(username="eva", first_name="Eva", last_name="Ruiz")
    ModeratorCharge.objects.create(moderator=eva, languages=["es"])
    EventFactory(organization=organization, status=S.SUBMITTED, languages=["es", "fr"])
    EventFactory(organization=organization, status=S.SUBMITTED, languages=["fr"])
    EventFactory(organization=organization, status=S.DRAFT, languages=["es"])

    content = moderator_client.get("/admin/").content.decode()

    table = content[content.index('id="waiting-by-moderator"') :]
    assert '<th scope="row">Eva Ruiz</th><td>1</td>' in table


def test_the_committee_sets_a_charge_in_the_admin(moderator_client, moderator):
    from events.models import ModeratorCharge

    response = moderator_client.post(
        "/admin/events/moderatorcharge/add/",
        {"moderator": moderator.pk, "countries": ["FR", "BE"], "languages": ["fr"]},
    )

    assert response.status_code == 302
    charge = ModeratorCharge.objects.get(moderator=moderator)
    assert ([str(c) for c in charge.countries], charge.languages) == (["BE", "FR"], ["fr"])


def test_bulk_reject_does_not_overrule_an_approval_made_meanwhile(
    moderator_client, moderator, organization
):
    waiting = EventFactory(organization=organization, status=S.SUBMITTED, title="Waiting")
    approved_meanwhile = EventFactory(organization=organization, status=S.SUBMITTED)
    approve_event(approved_meanwhile, by=moderator)

    response = moderator_client.post(
        "/admin/events/event/",
        {
            "action": "reject_selected",
            "_selected_action": [waiting.pk, approved_meanwhile.pk],
            "apply": "1",
            "reason": "A duplicate.",
        },
        follow=True,
    )

    content = response.content.decode()
    assert "1 event rejected: “Waiting”." in content
    assert "This event changed meanwhile: it is now approved." in content
    assert Event.objects.get(pk=approved_meanwhile.pk).status == S.APPROVED
    assert approved_meanwhile.moderation_records.count() == 1
