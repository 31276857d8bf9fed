"""Naming a co-organizer through the admin or the API asks the named organization, as the
member form does; the rules of who answers; the migration that brought the answers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events import services
from events.models import CoOrganizer, Event
from organizations.models import Membership
from tests.api.conftest import EVENTS, token_client
from tests.doors import admin_change_url as change_url
from tests.doors import admin_form_data as form_data
from tests.factories import (
    CoOrganizerFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    co_organizer_answers,
)

A = CoOrganizer.Status
S = Event.Status


@pytest.fixture
def event(organization, commemoration):
    return EventFactory(
        organization=organization, commemoration=commemoration, title="Rally", status=S.APPROVED
    )


def test_naming_a_co_organizer_in_the_admin_leaves_it_pending(
    moderator_client,
    event,
    other_organization,
    partner_admin,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            change_url(event), form_data(event, co_organizers=[other_organization.pk])
        )

    assert response.status_code == 302
    assert co_organizer_answers(event) == [("other-party", A.PENDING)]
    assert [m.to for m in mailoutbox] == [["dana@example.org"]]
    api = moderator_client.get(f"{EVENTS}{event.pk}/").json()
    assert api["co_organizers"] == []


def test_the_admin_shows_each_co_organizers_answer_read_only(
    moderator_client, event, other_organization
):
    CoOrganizerFactory(event=event, organization=other_organization, status=A.PENDING)
    CoOrganizerFactory(
        event=event, organization=OrganizationFactory(name="Youth League"), status=A.ACCEPTED
    )

    response = moderator_client.get(change_url(event))

    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is CoOrganizer
    )
    assert [(f.instance.organization.name, f.instance.status) for f in formset.forms] == [
        ("Other Party", A.PENDING),
        ("Youth League", A.ACCEPTED),
    ]
    page = response.content.decode()
    assert "Waiting for an answer" in page
    assert 'name="co_organizer_invitations-0-status"' not in page  # nothing to edit


def test_removing_a_co_organizer_in_the_admin_deletes_its_answer(
    moderator_client, event, other_organization
):
    CoOrganizerFactory(event=event, organization=other_organization, status=A.ACCEPTED)

    response = moderator_client.post(change_url(event), form_data(event, co_organizers=[]))

    assert response.status_code == 302
    assert co_organizer_answers(event) == []


def test_naming_a_co_organizer_through_the_api_leaves_it_pending(
    member, event, other_organization, partner_admin
):
    alice = token_client(member)

    response = alice.patch(
        f"{EVENTS}{event.pk}/", {"co_organizers": ["other-party"]}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["co_organizers"] == []
    assert co_organizer_answers(event) == [("other-party", A.PENDING)]

    # Naming it again changes nothing: only the named organization answers.
    alice.patch(f"{EVENTS}{event.pk}/", {"co_organizers": ["other-party"]}, format="json")
    assert co_organizer_answers(event) == [("other-party", A.PENDING)]

    services.accept_co_organization(event.co_organizer_invitations.get(), by=partner_admin)
    body = alice.get(f"{EVENTS}{event.pk}/").json()
    assert [o["slug"] for o in body["co_organizers"]] == ["other-party"]


def test_only_the_named_organizations_admins_and_the_committee_answer(
    event, other_organization, partner_admin, outsider, member, moderator
):
    invitation = CoOrganizerFactory(event=event, organization=other_organization, status=A.PENDING)
    retired = MembershipFactory(
        organization=other_organization,
        role=Membership.Role.ADMIN,
        user=UserFactory(username="retired", is_active=False),
    ).user

    for person in (outsider, member, retired, None):
        with pytest.raises(PermissionDenied):
            services.accept_co_organization(invitation, by=person)
        with pytest.raises(PermissionDenied):
            services.decline_co_organization(invitation, by=person)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (A.PENDING, None)

    assert services.may_answer(invitation, partner_admin)
    services.accept_co_organization(invitation, by=moderator)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (A.ACCEPTED, moderator)


def test_an_answer_to_a_removed_invitation_is_refused(event, other_organization, partner_admin):
    invitation = CoOrganizerFactory(event=event, organization=other_organization, status=A.PENDING)
    services.update_event(event, by=UserFactory(is_superuser=True), data={"co_organizers": []})

    with pytest.raises(services.AnswerRefused):
        services.accept_co_organization(invitation, by=partner_admin)
    assert co_organizer_answers(event) == []


def test_the_host_cannot_become_a_co_organizer_by_moving_the_event(
    moderator, event, other_organization
):
    CoOrganizerFactory(event=event, organization=other_organization)

    with pytest.raises(services.EditRefused) as refused:
        services.update_event(event, by=moderator, data={"organization": other_organization})

    assert [e.code for e in refused.value.error_dict["co_organizers"]] == ["host_as_co_organizer"]
    event.refresh_from_db()
    assert event.organization.slug == "workers-party"


# PostgreSQL changes tables inside the test's transaction, rolled back after it; a
# transactional test would be flushed instead, taking the data migrations' rows (the
# committee's group) from the transactional tests that follow. SQLite changes no table
# inside a transaction: there the test is transactional with a serialized rollback, as the
# browser tests are, so that the tests after it find the database as it was.
ON_SQLITE = connection.vendor == "sqlite"


@pytest.mark.django_db(transaction=ON_SQLITE, serialized_rollback=ON_SQLITE)
def test_the_migration_keeps_the_co_organizers_named_before_as_accepted():
    executor = MigrationExecutor(connection)
    after = next(
        key
        for key in executor.loader.disk_migrations
        if key[0] == "events" and key[1].endswith("_co_organizer_answers")
    )
    before = next(
        key for key in executor.loader.disk_migrations[after].dependencies if key[0] == "events"
    )
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    Organization = old.get_model("organizations", "Organization")
    host = Organization.objects.create(name="Host", slug="host", country="FR")
    partner = Organization.objects.create(name="Partner", slug="partner", country="DE")
    commemoration = old.get_model("commemoration", "Commemoration").objects.create(
        title="Centenary",
        slug="centenary",
        anchor_date=datetime.date(2024, 1, 21),
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        appeal="Appeal.",
    )
    start = datetime.datetime(2024, 1, 21, 17, tzinfo=datetime.UTC)
    old_event = old.get_model("events", "Event").objects.create(
        commemoration=commemoration,
        organization=host,
        title="Rally",
        slug="rally",
        summary="A rally.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        timezone="Europe/Paris",
        local_date=datetime.date(2024, 1, 21),
        city="Paris",
        languages=["fr"],
        status="approved",
    )
    old_event.co_organizers.add(partner)
    if connection.vendor == "postgresql":
        # Check the new rows' foreign keys now: PostgreSQL alters no table with checks pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate([after])

    new = MigrationExecutor(connection).loader.project_state([after]).apps
    rows = new.get_model("events", "CoOrganizer").objects.all()
    assert [(r.event_id, r.organization_id, r.status) for r in rows] == [
        (old_event.pk, partner.pk, "accepted")
    ]

    # And back: the rows stay, in the auto-created table.
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = MigrationExecutor(connection).loader.project_state([before]).apps
    restored = old.get_model("events", "Event").objects.get(pk=old_event.pk)
    assert [o.slug for o in restored.co_organizers.all()] == ["partner"]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_merging_a_duplicate_accepts_its_host_and_carries_its_co_organizers_answers(
    moderator, organization, other_organization, partner_admin
):
    """The duplicate's host registered the event itself: the committee's merge answers for
    it. Its co-organizers keep their answers; one that had declined does not join."""
    kept = EventFactory(organization=organization, title="Rally in Lyon", status=S.SUBMITTED)
    CoOrganizerFactory(event=kept, organization=other_organization, status=A.PENDING)
    duplicate = EventFactory(
        organization=other_organization, title="Rally in Lyon!", status=S.SUBMITTED
    )
    youth, women, union = (OrganizationFactory(slug=slug) for slug in ("youth", "women", "union"))
    CoOrganizerFactory(event=duplicate, organization=youth, status=A.ACCEPTED)
    CoOrganizerFactory(event=duplicate, organization=women, status=A.PENDING)
    CoOrganizerFactory(event=duplicate, organization=union, status=A.DECLINED)

    services.merge_as_co_organizers(kept, duplicate, by=moderator)

    assert sorted(co_organizer_answers(kept)) == [
        ("other-party", A.ACCEPTED),
        ("women", A.PENDING),
        ("youth", A.ACCEPTED),
    ]
    assert kept.co_organizer_invitations.get(organization=other_organization).answered_by == (
        moderator
    )
    assert sorted(o.slug for o in kept.accepted_co_organizers) == ["other-party", "youth"]
