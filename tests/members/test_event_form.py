"""Registering, editing, submitting, withdrawing, cancelling and duplicating events."""

import datetime

import pytest

from events.models import Event
from tests.factories import EventFactory, local

S = Event.Status


def test_member_saves_a_draft_seen_only_in_the_member_area(member_client, event_form_data):
    response = member_client.post("/my/events/new/", event_form_data(action="draft"))
    event = Event.objects.get()
    assert response["Location"] == f"/my/events/{event.pk}/"
    assert event.status == S.DRAFT
    assert event.title == "Lenin and the national question"
    assert event.languages == ["fr", "en"]
    assert event.venue == "Bourse du travail"
    assert event.online_url == ""
    assert event.moderation_records.count() == 0
    assert list(Event.objects.public()) == []

    response = member_client.get("/my/")
    assert [(label, [e.pk for e in events]) for label, _, events in response.context["groups"]] == [
        ("Draft", [event.pk])
    ]
    page = member_client.get(f"/my/events/{event.pk}/").content.decode()
    assert "<dd>Bourse du travail, 3 rue du Château-d&#x27;Eau, Paris, France</dd>" in page


def test_invalid_form_keeps_what_was_typed_with_each_error_by_its_field(
    member_client, event_form_data
):
    response = member_client.post(
        "/my/events/new/",
        event_form_data(
            title="",
            attendance="both",
            online_url="not a link",
            latitude="48.85",
            summary="Keep this summary",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "title": ["This field is required."],
        "online_url": ["Enter a valid URL."],
        "longitude": ["Give both latitude and longitude, or neither."],
    }
    page = response.content.decode()
    assert "Keep this summary" in page
    assert 'value="Bourse du travail"' in page
    assert 'value="48.85"' in page
    assert 'value="18:30"' in page
    assert 'value="both" required id="id_attendance_2" checked' in page
    assert 'aria-invalid="true"' in page
    assert Event.objects.count() == 0


def test_online_event_needs_a_link_and_in_person_needs_a_place(member_client, event_form_data):
    response = member_client.post(
        "/my/events/new/", event_form_data(attendance="online", online_url="")
    )
    assert response.context["form"].errors == {"online_url": ["Give the link of an online event."]}
    response = member_client.post(
        "/my/events/new/", event_form_data(attendance="in_person", city="", country="")
    )
    assert response.context["form"].errors == {
        "city": ["Give the place of an event held in person."],
        "country": ["Give the place of an event held in person."],
    }
    assert Event.objects.count() == 0


def test_online_event_keeps_no_place(member_client, event_form_data):
    member_client.post(
        "/my/events/new/",
        event_form_data(attendance="online", online_url="https://meet.example.org/lenin"),
    )
    event = Event.objects.get()
    assert event.online_url == "https://meet.example.org/lenin"
    assert (event.venue, event.address, event.city, event.country) == ("", "", "", "")
    assert event.is_online and not event.is_in_person


def test_untrusted_submission_waits_for_the_committee(member_client, event_form_data, member):
    member_client.post("/my/events/new/", event_form_data(action="submit"))
    event = Event.objects.get()
    assert event.status == S.SUBMITTED
    assert event.submitted_by == member
    assert [(r.to_status, r.actor) for r in event.moderation_records.all()] == [
        ("submitted", member)
    ]


def test_trusted_submission_is_approved_at_once_and_recorded_as_automatic(
    member_client, event_form_data, organization
):
    organization.is_trusted = True
    organization.save()
    member_client.post("/my/events/new/", event_form_data(action="submit"))
    event = Event.objects.get()
    assert event.status == S.APPROVED
    assert list(Event.objects.public()) == [event]
    assert [(r.to_status, r.is_automatic) for r in event.moderation_records.all()] == [
        ("submitted", False),
        ("approved", True),
    ]


@pytest.fixture
def approved_event(organization, commemoration):
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Lenin and the national question",
        status=S.APPROVED,
        starts_at=local(2024, 1, 21, 18, 30, zone="Europe/Paris"),
        ends_at=local(2024, 1, 21, 20, 0, zone="Europe/Paris"),
        venue="Bourse du travail",
        address="3 rue du Château-d'Eau",
        description="Two speakers, then questions.",
        summary="A lecture and a discussion.",
        languages=["fr", "en"],
    )


def test_editing_an_approved_events_time_sends_it_back_to_moderation(
    member_client, approved_event, event_form_data
):
    response = member_client.post(
        f"/my/events/{approved_event.pk}/edit/", event_form_data(starts_time="19:00", action="save")
    )
    assert response.status_code == 302
    approved_event.refresh_from_db()
    assert approved_event.status == S.SUBMITTED
    assert approved_event.starts_at == datetime.datetime(2024, 1, 21, 18, 0, tzinfo=datetime.UTC)
    assert [r.note for r in approved_event.moderation_records.all()] == [
        "Edited after approval: starts_at."
    ]
    assert list(Event.objects.public()) == []


def test_editing_an_approved_events_contact_sends_it_back(
    member_client, approved_event, event_form_data
):
    # A contact is shown to the public: a phishing link must not go up unseen.
    member_client.post(
        f"/my/events/{approved_event.pk}/edit/",
        event_form_data(contact="+33 1 23 45 67 89", action="save"),
    )
    approved_event.refresh_from_db()
    assert approved_event.contact == "+33 1 23 45 67 89"
    assert approved_event.status == S.SUBMITTED
    assert [r.note for r in approved_event.moderation_records.all()] == [
        "Edited after approval: contact."
    ]


def test_editing_a_trusted_organizations_approved_event_keeps_it_public(
    member_client, approved_event, event_form_data, organization
):
    organization.is_trusted = True
    organization.save()
    member_client.post(
        f"/my/events/{approved_event.pk}/edit/", event_form_data(title="New title", action="save")
    )
    approved_event.refresh_from_db()
    assert approved_event.title == "New title"
    assert approved_event.status == S.APPROVED


def test_a_cancelled_event_cannot_be_edited(member_client, approved_event, event_form_data):
    Event.objects.filter(pk=approved_event.pk).update(status=S.CANCELLED)
    response = member_client.post(
        f"/my/events/{approved_event.pk}/edit/", event_form_data(title="Revived")
    )
    assert response["Location"] == f"/my/events/{approved_event.pk}/"
    approved_event.refresh_from_db()
    assert approved_event.title == "Lenin and the national question"
    assert approved_event.status == S.CANCELLED


def test_member_cancels_an_approved_event_with_a_public_reason(member_client, approved_event):
    response = member_client.post(f"/my/events/{approved_event.pk}/cancel/", {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}

    response = member_client.post(
        f"/my/events/{approved_event.pk}/cancel/", {"reason": "The hall was withdrawn."}
    )
    assert response["Location"] == f"/my/events/{approved_event.pk}/"
    approved_event.refresh_from_db()
    assert approved_event.status == S.CANCELLED
    assert approved_event.cancellation_reason == "The hall was withdrawn."
    assert list(Event.objects.public()) == [approved_event]


@pytest.mark.parametrize("method", ["get", "post"])
def test_cancelling_a_draft_is_refused_before_a_reason_is_asked(
    member_client, organization, commemoration, method
):
    event = EventFactory(organization=organization, commemoration=commemoration)
    response = getattr(member_client, method)(
        f"/my/events/{event.pk}/cancel/", {"reason": "No"}, follow=True
    )
    assert response.redirect_chain == [(f"/my/events/{event.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Only an approved event can be cancelled."
    ]
    event.refresh_from_db()
    assert event.status == S.DRAFT
    assert event.moderation_records.count() == 0


def test_member_withdraws_a_submission_to_draft(member_client, organization, commemoration):
    event = EventFactory(organization=organization, commemoration=commemoration, status=S.SUBMITTED)
    member_client.post(f"/my/events/{event.pk}/withdraw/")
    event.refresh_from_db()
    assert event.status == S.DRAFT
    assert [(r.from_status, r.to_status) for r in event.moderation_records.all()] == [
        ("submitted", "draft")
    ]


def test_member_submits_a_draft_from_its_page(member_client, organization, commemoration):
    event = EventFactory(organization=organization, commemoration=commemoration)
    response = member_client.post(f"/my/events/{event.pk}/submit/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Submitted: the coordinating committee will look at it soon."
    ]
    event.refresh_from_db()
    assert event.status == S.SUBMITTED


def test_member_area_groups_events_by_status_with_their_history(
    member_client, member, organization, commemoration, moderator, django_assert_max_num_queries
):
    from events.services import reject_event, submit_event

    for status in (S.DRAFT, S.APPROVED, S.CANCELLED):
        EventFactory(organization=organization, commemoration=commemoration, status=status)
    rejected = EventFactory(organization=organization, commemoration=commemoration)
    submit_event(rejected, by=member)
    reject_event(rejected, by=moderator, reason="Not about the commemoration.")

    # 13: one of them counts the invitations to co-organize waiting for the member.
    # Two more than before translations: the events' and the header's commemoration's.
    with django_assert_max_num_queries(15):
        response = member_client.get("/my/")
    assert [label for label, _, _ in response.context["groups"]] == [
        "Draft",
        "Rejected",
        "Approved",
        "Cancelled",
    ]
    page = response.content.decode()
    assert "Not about the commemoration." in page
    assert "by the coordinating committee" in page


def test_member_area_links_to_the_public_page_and_the_api_token(member_client, approved_event):
    page = member_client.get("/my/").content.decode()
    assert f'<a href="{approved_event.get_absolute_url()}">Public page</a>' in page
    assert '<a href="/my/token/">API token</a>' in page


def test_languages_the_organizations_use_come_first(
    member_client, organization, other_organization, commemoration
):
    from events.languages import LANGUAGE_CODES

    EventFactory(organization=organization, commemoration=commemoration, languages=["eu"])
    # Another organization's draft is nobody else's business, a public event is everyone's.
    EventFactory(organization=other_organization, commemoration=commemoration, languages=["ko"])
    EventFactory(
        organization=other_organization,
        commemoration=commemoration,
        languages=["ja"],
        status=S.APPROVED,
    )
    response = member_client.get("/my/events/new/")
    (first, usual), (second, others) = response.context["form"].fields["languages"].choices
    assert (first, [label for _, label in usual]) == (
        "Used by your organizations and on this site",
        [
            "Arabic (ar)",
            "Basque (eu)",
            "English (en)",
            "French (fr)",
            "German (de)",
            "Japanese (ja)",
            "Portuguese (pt)",
            "Russian (ru)",
            "Spanish (es)",
            "Turkish (tr)",
        ],
    )
    assert second == "Every other language"
    assert "ko" in dict(others)
    assert sorted([*dict(usual), *dict(others)]) == sorted(LANGUAGE_CODES)
    page = response.content.decode()
    assert page.index("<label>Used by your organizations and on this site</label>") < page.index(
        '<input type="checkbox" name="languages" value="eu"'
    )


def test_the_host_cannot_also_be_a_co_organizer(
    member_client, organization, other_organization, event_form_data
):
    # The form no longer offers it; a forged post is refused by events.services.
    response = member_client.post(
        "/my/events/new/",
        event_form_data(co_organizers=[organization.pk, other_organization.pk]),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "co_organizers": [
            f"Select a valid choice. {organization.pk} is not one of the available choices."
        ]
    }
    assert Event.objects.count() == 0

    response = member_client.post(
        "/my/events/new/", event_form_data(co_organizers=[other_organization.pk])
    )
    assert list(Event.objects.get().co_organizers.all()) == [other_organization]


def test_a_description_too_long_is_refused_and_kept(member_client, event_form_data):
    from events.models import DESCRIPTION_MAX_CHARS

    text = "Programme and speakers." + "." * DESCRIPTION_MAX_CHARS
    response = member_client.post("/my/events/new/", event_form_data(description=text))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "description": [
            f"Ensure this value has at most {DESCRIPTION_MAX_CHARS} characters "
            f"(it has {len(text)})."
        ]
    }
    assert response.context["form"]["description"].value() == text
    assert f'maxlength="{DESCRIPTION_MAX_CHARS}"' in response.content.decode()
    assert Event.objects.count() == 0
