"""Joining, password resets and event submissions are limited per address and per user."""

from django.test import Client

from events.models import Event
from tests.api.conftest import EVENTS, token_client
from tests.factories import EventFactory

PASSWORD = "a-long-enough-passphrase-1917"


def ask_to_join(client, organization, email):
    return client.post(
        "/accounts/join/",
        {
            "name": "Eva Reyes",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "organization": organization.pk,
        },
    )


def assert_too_many(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Too many requests</h1>" in page
    assert "This form has been sent too many times" in page
    assert int(response["Retry-After"]) > 0


def test_join_requests_are_limited_per_address(client, organization, rates):
    rates(join="2/hour")
    for number in range(2):
        assert ask_to_join(Client(), organization, f"p{number}@example.org").status_code != 429

    assert_too_many(ask_to_join(client, organization, "p3@example.org"))
    assert client.get("/accounts/join/").status_code == 200
    elsewhere = ask_to_join(Client(REMOTE_ADDR="203.0.113.5"), organization, "p4@example.org")
    assert elsewhere.status_code != 429


def test_password_resets_are_limited_per_address_asked_for(db, member, rates, mailoutbox):
    rates(password_reset="2/hour")
    answers = [
        Client(REMOTE_ADDR=f"203.0.113.{number}")
        .post("/accounts/password_reset/", {"email": "ALICE@example.org"})
        .status_code
        for number in range(3)
    ]

    assert answers == [302, 302, 429]
    assert len(mailoutbox) == 2
    other = Client(REMOTE_ADDR="203.0.113.9").post(
        "/accounts/password_reset/", {"email": "someone@example.org"}
    )
    assert other.status_code == 302


def test_password_resets_are_limited_per_address(client, db, rates):
    rates(password_reset="2/hour")
    for number in range(2):
        client.post("/accounts/password_reset/", {"email": f"p{number}@example.org"})

    assert_too_many(client.post("/accounts/password_reset/", {"email": "p9@example.org"}))


def test_submissions_are_limited_in_the_member_area_and_the_api_together(
    member_client, member, organization, rates
):
    rates(submission="2/hour")
    drafts = EventFactory.create_batch(3, organization=organization, status=Event.Status.DRAFT)

    api = token_client(member)

    through_the_site = member_client.post(f"/my/events/{drafts[0].pk}/submit/")
    through_the_api = api.post(f"{EVENTS}{drafts[1].pk}/submit/")
    refused = member_client.post(f"/my/events/{drafts[2].pk}/submit/")
    api_refused = api.post(f"{EVENTS}{drafts[2].pk}/submit/")

    assert through_the_site.status_code == 302
    assert through_the_api.status_code == 200
    assert_too_many(refused)
    assert api_refused.status_code == 429
    assert "throttled" in api_refused.json()["detail"]
    statuses = [Event.objects.get(pk=draft.pk).status for draft in drafts]
    assert statuses == [Event.Status.SUBMITTED, Event.Status.SUBMITTED, Event.Status.DRAFT]


def test_creating_events_through_the_api_counts_as_submitting(member, organization, rates):
    rates(submission="1/hour")
    api = token_client(member)

    first = api.post(EVENTS, {"organization": organization.slug}, format="json")
    second = api.post(EVENTS, {"organization": organization.slug}, format="json")

    assert first.status_code == 400  # counted, though incomplete
    assert second.status_code == 429
    assert api.get(EVENTS).status_code == 200  # reading is not limited by it


def test_saving_a_draft_in_the_member_area_is_not_a_submission(member_client, organization, rates):
    rates(submission="1/hour")
    draft = EventFactory(organization=organization, status=Event.Status.DRAFT)
    member_client.post(f"/my/events/{draft.pk}/submit/")

    response = member_client.post(f"/my/events/{draft.pk}/edit/", {"title": ""})

    assert response.status_code != 429


def test_duplicating_an_event_counts_as_registering_one(member_client, organization, rates):
    rates(submission="1/hour")
    source = EventFactory(organization=organization, status=Event.Status.DRAFT)

    # The first copy is sent (with a mistake: it comes back, counted); the second is refused.
    assert member_client.post(f"/my/events/{source.pk}/duplicate/", {}).status_code == 200

    assert_too_many(member_client.post(f"/my/events/{source.pk}/duplicate/", {}))
    assert Event.objects.count() == 1
