"""The coordinating committee's desk: the moderation queue and its actions."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from events.models import Event, ModerationRecord
from tests.factories import CoOrganizerFactory, EventFactory, local

S = Event.Status
pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/events/event/"


def test_queue_lists_waiting_events_first_oldest_first(moderator_client):
    now = timezone.now()
    approved = EventFactory(title="Approved one", status=S.APPROVED)
    newer = EventFactory(
        title="Newer submission", status=S.SUBMITTED, submitted_at=now - datetime.timedelta(hours=1)
    )
    older = EventFactory(
        title="Older submission", status=S.SUBMITTED, submitted_at=now - datetime.timedelta(days=2)
    )

    response = moderator_client.get(CHANGELIST)

    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed == [older, newer, approved]
    assert "2\xa0days ago" in response.content.decode()


def test_queue_lists_the_events_not_waiting_by_start_after_the_waiting_ones(moderator_client):
    now = timezone.now()
    waiting = EventFactory(status=S.SUBMITTED, submitted_at=now)
    late_approved = EventFactory(
        status=S.APPROVED,
        starts_at=local(2024, 1, 25, 18, 0, "Europe/Paris"),
        ends_at=local(2024, 1, 25, 20, 0, "Europe/Paris"),
        submitted_at=now - datetime.timedelta(days=30),
    )
    draft = EventFactory(
        status=S.DRAFT,
        starts_at=local(2024, 1, 21, 18, 0, "Europe/Paris"),
        ends_at=local(2024, 1, 21, 20, 0, "Europe/Paris"),
    )
    early_approved = EventFactory(
        status=S.APPROVED,
        starts_at=local(2024, 1, 10, 18, 0, "Europe/Paris"),
        ends_at=local(2024, 1, 10, 20, 0, "Europe/Paris"),
        submitted_at=now - datetime.timedelta(days=1),
    )

    response = moderator_client.get(CHANGELIST)

    listed = list(response.context["cl"].result_list)
    assert listed == [waiting, early_approved, draft, late_approved]


def test_queue_shows_the_columns_the_committee_works_with(moderator_client, organization):
    EventFactory(
        title="Rally in Tokyo",
        organization=organization,
        status=S.SUBMITTED,
        country="JP",
        timezone="Asia/Tokyo",
        starts_at=local(2024, 1, 21, 0, 30, "Asia/Tokyo"),
        ends_at=local(2024, 1, 21, 2, 30, "Asia/Tokyo"),
        submitted_at=timezone.now() - datetime.timedelta(hours=3),
    )

    response = moderator_client.get(CHANGELIST)

    headers = [str(h["text"]) for h in response.context["result_headers"]][1:]
    assert headers == [
        "title",
        "host",
        "country",
        "local start",
        "status",
        "waiting since",
        "flags",
    ]
    content = response.content.decode()
    assert "Rally in Tokyo" in content
    assert "Workers&#x27; Party" in content
    assert "01/21/2024 12:30 a.m. JST<br><small>Asia/Tokyo</small>" in content
    assert "Waiting for moderation" in content
    assert "3\xa0hours ago" in content


def test_committee_member_approves_in_admin(moderator_client, moderator):
    event = EventFactory(status=S.SUBMITTED, title="Wreath laying")

    response = moderator_client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [event.pk]}, follow=True
    )

    assert response.status_code == 200
    assert "1 event approved: “Wreath laying”." in response.content.decode()
    event.refresh_from_db()
    assert event.status == S.APPROVED
    record = ModerationRecord.objects.get(event=event)
    assert (record.actor, record.from_status, record.to_status) == (
        moderator,
        "submitted",
        "approved",
    )


def test_reject_action_asks_for_the_reason_first(moderator_client):
    event = EventFactory(title="Rally downtown", status=S.SUBMITTED)

    response = moderator_client.post(
        CHANGELIST, {"action": "reject_selected", "_selected_action": [event.pk]}
    )

    assert response.status_code == 200
    assert "Rally downtown" in response.content.decode()
    assert 'name="reason"' in response.content.decode()
    assert Event.objects.get(pk=event.pk).status == S.SUBMITTED
    assert not ModerationRecord.objects.exists()


def test_reject_action_without_reason_changes_nothing(moderator_client):
    event = EventFactory(status=S.SUBMITTED)

    response = moderator_client.post(
        CHANGELIST,
        {"action": "reject_selected", "_selected_action": [event.pk], "apply": "1", "reason": ""},
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Event.objects.get(pk=event.pk).status == S.SUBMITTED
    assert not ModerationRecord.objects.exists()


def test_committee_member_rejects_in_admin_with_reason(moderator_client, moderator):
    event = EventFactory(status=S.SUBMITTED)

    response = moderator_client.post(
        CHANGELIST,
        {
            "action": "reject_selected",
            "_selected_action": [event.pk],
            "apply": "1",
            "reason": "The address is missing.",
        },
        follow=True,
    )

    assert response.status_code == 200
    event.refresh_from_db()
    assert event.status == S.REJECTED
    record = ModerationRecord.objects.get(event=event)
    assert (record.actor, record.to_status, record.note) == (
        moderator,
        "rejected",
        "The address is missing.",
    )


def test_approving_an_event_in_the_wrong_state_reports_it_and_changes_nothing(moderator_client):
    draft = EventFactory(title="Still a draft", status=S.DRAFT)
    waiting = EventFactory(status=S.SUBMITTED)

    response = moderator_client.post(
        CHANGELIST,
        {"action": "approve_selected", "_selected_action": [draft.pk, waiting.pk]},
        follow=True,
    )

    content = response.content.decode()
    assert f"1 event approved: “{waiting.title}”." in content
    assert "Cannot approve an event that is draft." in content
    assert Event.objects.get(pk=draft.pk).status == S.DRAFT
    assert Event.objects.get(pk=waiting.pk).status == S.APPROVED


def test_moderation_history_is_shown_read_only(moderator_client, moderator):
    event = EventFactory(status=S.SUBMITTED)
    ModerationRecord.objects.create(
        event=event, actor=moderator, from_status="draft", to_status="submitted", note="First try"
    )

    response = moderator_client.get(f"{CHANGELIST}{event.pk}/change/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "First try" in content
    assert 'name="moderation_records-0-note"' not in content


def test_staff_without_committee_group_cannot_moderate(client):
    staff = User.objects.create_user("dave", password="x", is_staff=True)
    client.force_login(staff)
    event = EventFactory(status=S.SUBMITTED)

    response = client.get(CHANGELIST)
    client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [event.pk]})

    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).status == S.SUBMITTED


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_committee_member_gets_403_on_users_and_groups(moderator_client, url):
    assert moderator_client.get(url).status_code == 403


def test_committee_member_cannot_change_a_user(moderator_client, member):
    response = moderator_client.post(
        f"/admin/auth/user/{member.pk}/change/", {"username": "mallory", "is_superuser": "on"}
    )

    assert response.status_code == 403
    member.refresh_from_db()
    assert (member.username, member.is_superuser) == ("alice", False)


def test_committee_group_holds_exactly_the_moderation_permissions():
    group = Group.objects.get(name="Coordinating committee")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert codenames == {
        ("events", "view_event"),
        ("events", "change_event"),
        ("events", "moderate_event"),
        ("events", "view_moderationrecord"),
        ("events", "view_moderatorcharge"),
        ("events", "add_moderatorcharge"),
        ("events", "change_moderatorcharge"),
        ("events", "delete_moderatorcharge"),
        # Reports are read in the admin and moderated with moderate_event.
        ("events", "view_eventreport"),
        ("events", "view_reportphoto"),
        ("events", "view_reportrecord"),
        # Series are read in the admin and moved through their events.
        ("events", "view_series"),
        ("organizations", "view_organization"),
        ("organizations", "add_organization"),
        ("organizations", "change_organization"),
        ("organizations", "view_membership"),
        ("organizations", "add_membership"),
        ("organizations", "change_membership"),
        ("organizations", "delete_membership"),
        ("organizations", "view_joinrequest"),
        ("organizations", "change_joinrequest"),
        ("commemoration", "view_commemoration"),
        ("commemoration", "add_commemoration"),
        ("commemoration", "change_commemoration"),
        # Translations: of events (saved through events.translations) and of the
        # commemorations' texts.
        ("events", "view_eventtranslation"),
        ("events", "add_eventtranslation"),
        ("events", "change_eventtranslation"),
        ("events", "delete_eventtranslation"),
        ("commemoration", "view_commemorationtranslation"),
        ("commemoration", "add_commemorationtranslation"),
        ("commemoration", "change_commemorationtranslation"),
        ("commemoration", "delete_commemorationtranslation"),
    }


def test_organization_admin_shows_parties_apart(moderator_client):
    from tests.factories import OrganizationFactory

    OrganizationFactory(name="A Party", kind="party")
    OrganizationFactory(name="A Youth League", kind="youth")

    parties = moderator_client.get("/admin/organizations/organization/?party=yes")
    others = moderator_client.get("/admin/organizations/organization/?party=no")

    assert [o.name for o in parties.context["cl"].result_list] == ["A Party"]
    assert [o.name for o in others.context["cl"].result_list] == ["A Youth League"]


def test_committee_member_exports_selected_events_as_csv(moderator_client, organization):
    import csv
    import io

    from tests.factories import OrganizationFactory, UserFactory, local

    partner = OrganizationFactory(name="Youth League of Türkiye")
    rally = EventFactory(
        title="Rally",
        organization=organization,
        status=S.APPROVED,
        timezone="Asia/Tokyo",
        starts_at=local(2024, 1, 21, 0, 30, "Asia/Tokyo"),
        ends_at=local(2024, 1, 21, 2, 30, "Asia/Tokyo"),
        summary="One line for the lists.",
    )
    CoOrganizerFactory(event=rally, organization=partner)
    draft = EventFactory(
        title="Draft talk in İstanbul",
        organization=organization,
        status=S.DRAFT,
        city="São Paulo",
        venue="Sindicato dos Metalúrgicos",
        # Who asked to join has their e-mail address as user name.
        submitted_by=UserFactory(username="dora@example.org"),
    )

    response = moderator_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [rally.pk, draft.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # the byte-order mark spreadsheets need
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Rally", "Draft talk in İstanbul"]  # by start
    by_title = {row["title"]: row for row in rows}
    assert by_title["Rally"]["local_start"] == "2024-01-21T00:30:00+09:00"
    assert by_title["Rally"]["co_organizers"] == "Youth League of Türkiye"
    assert by_title["Rally"]["status"] == "Approved"
    assert by_title["Rally"]["summary"] == "One line for the lists."
    assert by_title["Rally"]["description"] == rally.description
    assert by_title["Rally"]["public_url"].endswith(rally.get_absolute_url())
    draft_row = by_title["Draft talk in İstanbul"]
    assert (draft_row["city"], draft_row["venue"]) == ("São Paulo", "Sindicato dos Metalúrgicos")
    assert draft_row["public_url"] == ""
    assert "@" not in body.decode("utf-8-sig")  # no account, no private address


def test_committee_member_exports_selected_events_as_icalendar(moderator_client, organization):
    import icalendar

    from tests.factories import local

    rally = EventFactory(title="Rally", organization=organization, status=S.APPROVED)
    tokyo = EventFactory(
        title="Wreath laying",
        organization=organization,
        status=S.SUBMITTED,
        timezone="Asia/Tokyo",
        starts_at=local(2024, 1, 22, 9, 0, "Asia/Tokyo"),
        ends_at=local(2024, 1, 22, 10, 0, "Asia/Tokyo"),
    )

    response = moderator_client.post(
        CHANGELIST, {"action": "export_ics", "_selected_action": [rally.pk, tokyo.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Rally", "Wreath laying"]
    assert sorted(str(z["TZID"]) for z in calendar.walk("VTIMEZONE")) == [
        "Asia/Tokyo",
        "Europe/Paris",
    ]
    assert calendar.walk("VEVENT")[1]["DTSTART"].dt == local(2024, 1, 22, 9, 0, "Asia/Tokyo")
