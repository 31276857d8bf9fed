"""The committee moderates reports in the admin: approve, or reject with a reason, from a
report's page or for several at once; then the report shows on the event's public page,
in the API and in /figures/."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from events.models import Event, EventReport, ReportPhoto
from events.reports import approve_report
from tests.doors import image_file
from tests.factories import EventFactory, EventReportFactory, OrganizationFactory

S = Event.Status
R = EventReport.Status
CHANGELIST = "/admin/events/eventreport/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def report(organization, commemoration, member):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        status=S.APPROVED,
        title="Wreath laying",
        kind=Event.Kind.CEREMONY,
    )
    report = EventReportFactory(
        event=event,
        status=R.SUBMITTED,
        participants=240,
        account="Two hundred people came.\n\nThe mayor spoke.",
        submitted_by=member,
    )
    ReportPhoto.objects.create(report=report, image=image_file("wreath.png"))
    return report


def change_url(report):
    return f"{CHANGELIST}{report.pk}/change/"


def move_url(report, code):
    return f"{CHANGELIST}{report.pk}/move/{code}/"


def test_the_queue_lists_waiting_reports_first(moderator_client, report, organization):
    older = EventReportFactory(
        event=EventFactory(organization=organization, status=S.APPROVED, title="Film"),
        status=R.APPROVED,
    )

    response = moderator_client.get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [report, older]


def test_approve_from_the_reports_page(
    moderator_client, report, django_capture_on_commit_callbacks, mailoutbox
):
    page = moderator_client.get(change_url(report)).content.decode()
    assert f'href="{move_url(report, "approve")}"' in page
    assert f'href="{move_url(report, "reject")}"' in page
    assert "Two hundred people came." in page
    assert "wreath" in page
    updated_at = Event.objects.get(pk=report.event_id).updated_at

    confirm = moderator_client.get(move_url(report, "approve")).content.decode()
    assert "It will be shown on the event&#x27;s public page" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            move_url(report, "approve"), {"expected_status": "submitted"}
        )

    assert response.status_code == 302
    assert response["Location"] == change_url(report)
    report.refresh_from_db()
    assert report.status == R.APPROVED and report.approved_at is not None
    record = report.records.get()
    assert (record.from_status, record.to_status, record.actor.username) == (
        R.SUBMITTED,
        R.APPROVED,
        "carol",
    )
    assert Event.objects.get(pk=report.event_id).updated_at > updated_at
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["alice@example.org"], "Report approved: “Wreath laying”")
    ]


def test_reject_needs_its_reason(
    moderator_client, report, django_capture_on_commit_callbacks, mailoutbox
):
    response = moderator_client.post(
        move_url(report, "reject"), {"expected_status": "submitted", "reason": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert EventReport.objects.get(pk=report.pk).status == R.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            move_url(report, "reject"),
            {"expected_status": "submitted", "reason": "The photo shows another event."},
        )

    report.refresh_from_db()
    assert (report.status, report.rejection_reason) == (
        R.REJECTED,
        "The photo shows another event.",
    )
    assert report.records.get().note == "The photo shows another event."
    assert mailoutbox[0].subject == "Report not approved: “Wreath laying”"
    assert "The photo shows another event." in mailoutbox[0].body


def test_a_move_on_a_report_changed_meanwhile_is_refused(moderator_client, report):
    EventReport.objects.filter(pk=report.pk).update(status=R.APPROVED)

    response = moderator_client.post(
        move_url(report, "reject"), {"expected_status": "submitted", "reason": "Duplicate."}
    )

    assert response.status_code == 302
    assert EventReport.objects.get(pk=report.pk).status == R.APPROVED
    assert report.records.count() == 0


def test_bulk_approve_and_bulk_reject_write_one_record_each(moderator_client, organization):
    waiting = [
        EventReportFactory(
            event=EventFactory(organization=organization, status=S.APPROVED, title=f"Event {n}"),
            status=R.SUBMITTED,
        )
        for n in range(4)
    ]

    approved = moderator_client.post(
        CHANGELIST,
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [r.pk for r in waiting[:2]]},
        follow=True,
    )
    moderator_client.post(
        CHANGELIST,
        {
            "action": "reject_selected",
            "apply": "1",
            "reason": "No numbers given.",
            ACTION_CHECKBOX_NAME: [r.pk for r in waiting[2:]],
        },
    )

    statuses = [EventReport.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [R.APPROVED, R.APPROVED, R.REJECTED, R.REJECTED]
    assert [r.records.count() for r in waiting] == [1, 1, 1, 1]
    assert [r.records.get().note for r in waiting[2:]] == ["No numbers given."] * 2
    assert [str(m) for m in approved.context["messages"]] == [
        "2 reports approved: “Event 0”, “Event 1”."
    ]


def test_the_committee_reads_but_does_not_rewrite_a_report(moderator_client, report):
    response = moderator_client.post(
        change_url(report), {"participants": "9999", "account": "Rewritten."}
    )

    assert response.status_code == 403
    assert EventReport.objects.get(pk=report.pk).participants == 240


def test_members_have_no_access_to_the_reports_admin(member_client, report):
    assert member_client.get(CHANGELIST).status_code == 302
    assert member_client.post(move_url(report, "approve")).status_code == 302
    assert EventReport.objects.get(pk=report.pk).status == R.SUBMITTED


# --- Once approved --------------------------------------------------------------------------


def test_an_approved_report_shows_on_the_events_public_page(client, moderator_client, report):
    moderator_client.post(move_url(report, "approve"), {"expected_status": "submitted"})
    client.logout()

    page = client.get(report.event.get_absolute_url()).content.decode()

    assert '<h2 id="report-heading">What the event achieved</h2>' in page
    assert '<p class="participants">240 people took part.</p>' in page
    assert "<p>Two hundred people came.</p>\n\n<p>The mayor spoke.</p>" in page
    photo = report.photos.get()
    assert (
        f'<img src="/media/{photo.image.name}" alt="Picture 1 of 1 from “Wreath laying”">' in page
    )


def test_the_api_gives_the_approved_report_on_the_event(client, report, moderator):
    assert client.get(f"/api/v1/events/{report.event_id}/").json()["report"] is None
    approve_report(report, by=moderator)

    body = client.get(f"/api/v1/events/{report.event_id}/").json()
    listed = client.get("/api/v1/events/").json()["results"][0]

    report.refresh_from_db()
    photo = report.photos.get()
    assert (
        body["report"]
        == listed["report"]
        == {
            "participants": 240,
            "account": "Two hundred people came.\n\nThe mayor spoke.",
            "photos": [f"http://testserver/media/{photo.image.name}"],
            "approved_at": report.approved_at.isoformat().replace("+00:00", "Z"),
        }
    )


def test_the_api_list_with_reports_takes_a_fixed_number_of_queries(
    client, organization, django_assert_max_num_queries
):
    partners = OrganizationFactory.create_batch(2)
    for n in range(30):
        event = EventFactory(organization=organization, status=S.APPROVED, title=f"Rally {n}")
        event.co_organizers.add(*partners)
        report = EventReportFactory(event=event, status=R.APPROVED if n % 2 else R.SUBMITTED)
        ReportPhoto.objects.create(report=report, image=image_file())

    # The list's five written afresh (tests/api/test_limits.py), and one for the reports'
    # photos: nothing per event.
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/events/", {"page_size": 30})

    results = response.json()["results"]
    assert [row["report"] is not None for row in results] == [n % 2 == 1 for n in range(30)]
    assert all(len(row["report"]["photos"]) == 1 for row in results if row["report"])


def test_the_events_page_with_a_report_takes_a_fixed_number_of_queries(
    client, report, moderator, django_assert_max_num_queries
):
    approve_report(report, by=moderator)
    client.logout()

    # The event with its report, co-organizers, photos, and the commemoration.
    # With the event's translations and the header's commemoration's.
    with django_assert_max_num_queries(6):
        page = client.get(report.event.get_absolute_url())
    assert "240 people took part." in page.content.decode()


def test_figures_add_participants_by_country_and_kind_once_approved(client, report, moderator):
    def participants(name):
        page = client.get("/figures/").content.decode()
        fragment = re.search(rf'id="{name}".*?</section>', page, re.S).group(0)
        return re.findall(r'<th scope="row">([^<]+)</th><td class="number">([^<]+)</td>', fragment)

    assert participants("participants-by-country") == []
    approve_report(report, by=moderator)
    client.logout()

    assert participants("participants-by-country") == [("France", "240")]
    assert participants("participants-by-kind") == [("Ceremony", "240")]
