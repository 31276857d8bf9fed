"""An organization reports back on an event it held: through /my/events/<id>/report/,
once the event has ended, with up to four photos checked as posters are."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events import reports
from events.models import Event, EventReport, ReportRecord
from events.services import EditRefused
from tests.doors import image_file
from tests.factories import EventFactory, EventReportFactory

S = Event.Status
R = EventReport.Status


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def held(organization, commemoration):
    """Alice's organization's lecture of 21 January 2024, approved: it is over."""
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Lenin and the national question",
        status=S.APPROVED,
    )


def report_url(event):
    return f"/my/events/{event.pk}/report/"


def report_data(**overrides):
    data = {
        "participants": "120",
        "account": "The hall was full; two speakers, then questions.",
        "action": "submit",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_members_event_page_offers_report_back_once_the_event_has_ended(
    member_client, held, organization
):
    soon = timezone.now() + datetime.timedelta(days=2)
    coming = EventFactory(
        organization=organization,
        status=S.APPROVED,
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
    )

    held_page = member_client.get(f"/my/events/{held.pk}/").content.decode()
    coming_page = member_client.get(f"/my/events/{coming.pk}/").content.decode()

    assert f'<a class="button" href="{report_url(held)}">Report back</a>' in held_page
    assert report_url(coming) not in coming_page


def test_a_report_through_the_member_form_waits_for_the_committee(
    member_client, member, held, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    photos = [image_file("hall.png"), image_file("crowd.jpg", image_format="JPEG")]

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(report_url(held), report_data(photos=photos))

    assert response.status_code == 302
    assert response["Location"] == f"/my/events/{held.pk}/"
    report = EventReport.objects.get(event=held)
    assert (report.status, report.participants, report.submitted_by) == (R.SUBMITTED, 120, member)
    assert report.account == "The hall was full; two speakers, then questions."
    names = [photo.image.name for photo in report.photos.all()]
    assert len(names) == 2
    assert all(name.startswith("reports/") and default_storage.exists(name) for name in names)
    assert [(r.from_status, r.to_status, r.actor) for r in report.records.all()] == [
        (R.DRAFT, R.SUBMITTED, member)
    ]
    assert messages_of(response) == [
        "Sent: the coordinating committee will look at your report soon."
    ]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["carol@example.org"],
            "Report to moderate: “Lenin and the national question” (Workers' Party)",
        )
    ]
    assert f"/admin/events/eventreport/{report.pk}/change/" in mailoutbox[0].body
    page = member_client.get(f"/my/events/{held.pk}/").content.decode()
    assert "Report: <strong>Waiting for moderation</strong>" in page
    assert "120 people took part" in page


def test_an_unapproved_report_is_not_public(client, member_client, held):
    member_client.post(report_url(held), report_data(participants="4321"))
    client.logout()

    page = client.get(held.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/events/{held.pk}/").json()

    assert "4321" not in page and "What the event achieved" not in page
    assert api["report"] is None


def test_a_draft_report_is_kept_for_the_organization(
    member_client, held, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(report_url(held), report_data(action="draft"))

    report = EventReport.objects.get(event=held)
    assert report.status == R.DRAFT
    assert report.records.count() == 0
    assert mailoutbox == []
    assert messages_of(response) == ["Saved as a draft: only your organization sees it."]
    form = member_client.get(report_url(held))
    assert form.status_code == 200
    assert 'value="120"' in form.content.decode()


def test_a_trusted_organizations_report_is_approved_at_once(
    member_client, held, organization, client
):
    organization.is_trusted = True
    organization.save()
    before = Event.objects.get(pk=held.pk).updated_at

    response = member_client.post(report_url(held), report_data())

    report = EventReport.objects.get(event=held)
    assert report.status == R.APPROVED
    assert [(r.to_status, r.actor_id is None) for r in report.records.all()] == [
        (R.SUBMITTED, False),
        (R.APPROVED, True),
    ]
    assert messages_of(response) == [
        "Approved at once, as your organization is trusted: it is now public."
    ]
    # Mirrors of the API see the event change.
    assert Event.objects.get(pk=held.pk).updated_at > before


@pytest.mark.parametrize(
    "when",
    [
        "tomorrow",
        "under way",
    ],
)
def test_a_report_is_refused_before_the_event_has_ended(member_client, member, organization, when):
    now = timezone.now()
    starts = (
        now + datetime.timedelta(days=1)
        if when == "tomorrow"
        else now - datetime.timedelta(hours=1)
    )
    event = EventFactory(
        organization=organization,
        status=S.APPROVED,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )

    shown = member_client.get(report_url(event), follow=True)
    sent = member_client.post(report_url(event), report_data(), follow=True)

    for response in (shown, sent):
        assert response.redirect_chain == [(f"/my/events/{event.pk}/", 302)]
        assert [str(m) for m in response.context["messages"]] == [
            "This event has not ended yet: report on it once it is over."
        ]
    assert not EventReport.objects.exists()
    with pytest.raises(EditRefused, match="has not ended yet"):
        reports.save_report(event, by=member, data={"participants": 1, "account": "Early."})


@pytest.mark.parametrize("status", [S.CANCELLED, S.SUBMITTED, S.DRAFT, S.REJECTED])
def test_only_a_held_event_can_be_reported_on(member_client, organization, status):
    event = EventFactory(organization=organization, status=status)

    response = member_client.post(report_url(event), report_data())

    assert response.status_code == 302
    assert messages_of(response) == [
        "Only an event that took place can be reported on: this one is "
        f"{event.get_status_display().lower()}."
    ]
    assert not EventReport.objects.exists()


def test_another_organization_cannot_report_on_the_event(client, outsider, held):
    client.force_login(outsider)

    assert client.get(report_url(held)).status_code == 404
    assert client.post(report_url(held), report_data()).status_code == 404
    assert not EventReport.objects.exists()
    with pytest.raises(PermissionDenied, match="Only a member of the organization"):
        reports.save_report(held, by=outsider, data={"participants": 1, "account": "Not ours."})


def test_a_gif_photo_is_refused_and_nothing_saved(member_client, held):
    gif = image_file("rally.gif", image_format="GIF")

    response = member_client.post(report_url(held), report_data(photos=[image_file(), gif]))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "photos": ["rally.gif: A poster must be a JPEG, PNG or WebP image; this one is GIF."]
    }
    assert 'value="120"' in response.content.decode()
    assert not EventReport.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(member_client, held):
    fake = SimpleUploadedFile("hall.png", b"%PDF-1.4 not an image", content_type="image/png")

    response = member_client.post(report_url(held), report_data(photos=[fake]))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "photos": [
            "hall.png: This file is not an image that can be read: send a JPEG, PNG or WebP image."
        ]
    }
    assert not EventReport.objects.exists()


def test_a_too_small_photo_is_refused(member_client, held):
    response = member_client.post(
        report_url(held), report_data(photos=[image_file("tiny.png", size=(100, 100))])
    )

    assert list(response.context["form"].errors) == ["photos"]
    assert "100×100 pixels" in response.context["form"].errors["photos"][0]
    assert not EventReport.objects.exists()


def test_a_report_has_at_most_four_photos(member_client, held, django_capture_on_commit_callbacks):
    five = [image_file(f"photo-{n}.png") for n in range(5)]

    response = member_client.post(report_url(held), report_data(photos=five))

    assert response.context["form"].errors == {
        "photos": ["A report has at most 4 photos; remove some to add others."]
    }
    assert not EventReport.objects.exists()

    member_client.post(
        report_url(held), report_data(action="draft", photos=[image_file() for _ in range(3)])
    )
    report = EventReport.objects.get()
    more = member_client.post(report_url(held), report_data(photos=[image_file(), image_file()]))
    assert more.context["form"].errors == {
        "photos": ["A report has at most 4 photos; remove some to add others."]
    }
    assert report.photos.count() == 3

    first = report.photos.first()
    with django_capture_on_commit_callbacks(execute=True):
        swapped = member_client.post(
            report_url(held),
            report_data(photos=[image_file(), image_file()], remove_photos=[first.pk]),
        )
    assert swapped.status_code == 302
    assert report.photos.count() == 4
    assert not report.photos.filter(pk=first.pk).exists()
    assert not default_storage.exists(first.image.name)


def test_bad_numbers_are_refused_by_their_field(member_client, held):
    response = member_client.post(report_url(held), report_data(participants="-3", account=""))

    errors = response.context["form"].errors
    assert set(errors) == {"participants", "account"}
    assert not EventReport.objects.exists()

    huge = member_client.post(report_url(held), report_data(participants="99999999999"))
    assert list(huge.context["form"].errors) == ["participants"]
    assert not EventReport.objects.exists()


def test_a_rejected_report_shows_the_reason_and_can_be_sent_again(
    member_client, member, held, moderator
):
    member_client.post(report_url(held), report_data())
    report = EventReport.objects.get()
    reports.reject_report(report, by=moderator, reason="Please add a photo of the hall.")

    page = member_client.get(f"/my/events/{held.pk}/").content.decode()
    assert "Reason for the rejection:</strong> Please add a photo of the hall." in page

    again = member_client.post(report_url(held), report_data(photos=[image_file()]))

    assert again.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.rejection_reason, report.photos.count()) == (R.SUBMITTED, "", 1)
    assert [r.to_status for r in report.records.all()] == [R.SUBMITTED, R.REJECTED, R.SUBMITTED]


def test_a_change_of_an_approved_report_goes_back_to_the_committee(
    member_client, member, held, moderator
):
    report = EventReportFactory(event=held, status=R.APPROVED, submitted_by=member)

    response = member_client.post(
        report_url(held), report_data(participants="150", account=report.account, action="save")
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.participants) == (R.SUBMITTED, 150)
    record = report.records.get()
    assert (record.from_status, record.to_status, record.note) == (
        R.APPROVED,
        R.SUBMITTED,
        "Edited after approval: participants.",
    )


def test_a_stale_move_is_refused(member, held, moderator):
    report = EventReportFactory(event=held, status=R.SUBMITTED)
    reports.approve_report(report, by=moderator)

    with pytest.raises(reports.StaleMove):
        reports.reject_report(report, by=moderator, reason="Too late.", expected_status=R.SUBMITTED)
    report.refresh_from_db()
    assert report.status == R.APPROVED
    assert ReportRecord.objects.filter(report=report).count() == 1
