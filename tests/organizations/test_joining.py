"""Asking to join an organization, and the accounts pages around it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from organizations.models import JoinRequest, Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

PASSWORD = "a-long-enough-passphrase-1917"
User = get_user_model()


def _ask(client, organization, **overrides):
    data = {
        "name": "Eva Reyes",
        "email": "eva@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organization": organization.pk,
        "message": "From the Lyon branch.",
        **overrides,
    }
    return client.post("/accounts/join/", data)


def _link(message):
    """The path of the first link to the site in a message."""
    line = next(line for line in message.body.splitlines() if line.startswith(SITE))
    return line.removeprefix(SITE)


def _ask_and_confirm(client, organization, mailoutbox, capture, **overrides):
    with capture(execute=True):
        _ask(client, organization, **overrides)
    link = _link(mailoutbox[-1])
    assert client.get(link).status_code == 200
    with capture(execute=True):
        return client.post(link)


SITE = "https://commemoration.example.net"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def test_a_new_person_asks_to_join_confirms_by_mail_and_waits_logged_in(
    client, organization, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, organization)
    assert response.status_code == 200
    assert "We have written to eva@example.org." in response.content.decode()
    person = User.objects.get(username="eva@example.org")
    assert (person.email, person.first_name, person.is_active) == (
        "eva@example.org",
        "Eva Reyes",
        False,
    )
    assert not JoinRequest.objects.exists()  # the organization sees nothing yet
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["eva@example.org"], "Confirm your request to join Workers' Party")
    ]
    link = _link(mailoutbox[0])
    assert link.startswith("/accounts/join/confirm/")
    assert client.get("/my/").status_code == 302

    page = client.get(link)  # opening the link (a mail scanner too) changes nothing
    assert "Send my request" in page.content.decode()
    assert not User.objects.get(pk=person.pk).is_active
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)

    assert response["Location"] == "/my/"
    person.refresh_from_db()
    assert person.is_active
    assert person.check_password(PASSWORD)
    assert [(r.organization, r.status, r.message) for r in person.join_requests.all()] == [
        (organization, JoinRequest.Status.PENDING, "From the Lyon branch.")
    ]
    assert not Membership.objects.filter(user=person).exists()
    assert [(m.to, m.subject) for m in mailoutbox[1:]] == [
        (["carol@example.org"], "A request to join Workers' Party")
    ]

    page = client.get("/my/").content.decode()
    assert "Workers&#x27; Party: waiting for an answer since" in page
    assert "you cannot register events" in page
    # The link works once.
    client.logout()
    spent = client.post(link)
    assert "This link is not valid" in spent.content.decode()
    assert JoinRequest.objects.count() == 1


def test_a_known_address_gets_the_same_page_and_its_owner_a_mail(
    client, organization, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        unknown = _ask(Client(), organization, email="nobody@example.org")
        known = _ask(client, organization, email="ALICE@example.org")

    def page_without_address(response, address):
        page = response.content.decode().replace(address, "ADDRESS")
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "CSRF", page)

    assert known.status_code == unknown.status_code == 200
    assert page_without_address(known, "alice@example.org") == page_without_address(
        unknown, "nobody@example.org"
    )
    assert "_auth_user_id" not in client.session
    assert JoinRequest.objects.filter(user=member).count() == 0
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["nobody@example.org"], "Confirm your request to join Workers' Party"),
        (["alice@example.org"], "Your request to join Workers' Party"),
    ]
    body = mailoutbox[1].body
    assert "which already has an account. No request was sent." in body
    assert f"{SITE}/accounts/login/" in body
    assert f"{SITE}/accounts/password_reset/" in body
    member.refresh_from_db()
    assert member.check_password("correct-horse-battery")  # nothing changed


def test_asking_again_before_confirming_sends_a_new_link_and_the_old_one_dies(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(
            client,
            organization,
            password1="first-passphrase-1917",
            password2="first-passphrase-1917",
        )
        _ask(client, organization)
    first, second = (_link(message) for message in mailoutbox)

    assert "This link is not valid" in client.post(first).content.decode()
    assert client.post(second)["Location"] == "/my/"
    assert User.objects.get(username="eva@example.org").check_password(PASSWORD)


def test_a_forged_link_is_refused(client, organization):
    response = client.get("/accounts/join/confirm/not-a-signed-value/")

    assert response.status_code == 200
    assert "This link is not valid: it has expired, or has been used already." in (
        response.content.decode()
    )


def test_passwords_must_match_and_be_strong(client, organization):
    response = _ask(client, organization, password2="something-else-entirely")
    assert response.context["form"].errors == {"password2": ["The two passwords are not the same."]}
    response = _ask(client, organization, password1="12345678", password2="12345678")
    assert response.context["form"].errors == {
        "password2": ["This password is too common.", "This password is entirely numeric."]
    }
    assert not User.objects.filter(email="eva@example.org").exists()


def test_a_member_asks_to_join_another_organization(member_client, member, organization):
    second = OrganizationFactory(name="Youth League", slug="youth-league")
    response = member_client.get("/accounts/join/")
    form = response.context["form"]
    assert list(form.fields) == ["organization", "message"]
    assert list(form.fields["organization"].queryset) == [second]

    response = member_client.post("/accounts/join/", {"organization": second.pk})
    assert response["Location"] == "/my/"
    assert [(r.organization, r.status) for r in member.join_requests.all()] == [
        (second, JoinRequest.Status.PENDING)
    ]


def test_a_second_request_while_one_waits_is_refused(member_client, member):
    second = OrganizationFactory(name="Youth League", slug="youth-league")
    JoinRequest.objects.create(user=member, organization=second)
    response = member_client.post("/accounts/join/", {"organization": second.pk})
    assert response.context["form"].errors == {
        "organization": ["Your request to join this organization is already waiting."]
    }
    assert JoinRequest.objects.filter(user=member).count() == 1


def test_log_in_with_the_email_address_and_log_out_by_post(client, organization):
    UserFactory(username="eva@example.org", email="eva@example.org")
    response = client.post(
        "/accounts/login/", {"username": "eva@example.org", "password": "correct-horse-battery"}
    )
    assert response["Location"] == "/my/"
    page = client.get("/my/").content.decode()
    assert 'action="/accounts/logout/"' in page

    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/my/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/"
    assert client.get("/my/").status_code == 302


def test_log_in_with_the_email_address_however_it_is_typed(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    _ask_and_confirm(
        client,
        organization,
        mailoutbox,
        django_capture_on_commit_callbacks,
        email="Eva.Reyes@Example.org",
    )
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "EVA.reyes@example.ORG", "password": PASSWORD}
    )
    assert response["Location"] == "/my/"
    assert client.get("/my/").context["user"].username == "eva.reyes@example.org"


def test_a_username_with_an_at_sign_matching_two_accounts_is_not_guessed(client, db):
    # Usernames are case-sensitive in Django; the lower-cased guess needs one match.
    for username in ("Ann@example.org", "ann@example.org"):
        user = UserFactory(username=username)
        user.set_password(PASSWORD)
        user.save()
    response = client.post(
        "/accounts/login/", {"username": "ANN@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct e-mail address or username and password. Note that both "
        "fields may be case-sensitive."
    ]
    response = client.post(
        "/accounts/login/", {"username": "Ann@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/my/"


def test_a_wrong_password_is_refused(client, member):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct e-mail address or username and password. Note that both "
        "fields may be case-sensitive."
    ]


def test_password_reset_mail_links_to_the_site_url(client, member, settings, mailoutbox):
    settings.SITE_URL = "https://commemoration.example.net"
    response = client.post("/accounts/password_reset/", {"email": "alice@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["alice@example.org"], "Choose a new password")
    ]
    link = next(line for line in mailoutbox[0].body.splitlines() if line.startswith("https://"))
    assert link.startswith("https://commemoration.example.net/accounts/reset/")

    response = client.get(link.removeprefix("https://commemoration.example.net"), follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response["Location"] == "/accounts/reset/done/"
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_password_change(member_client, member):
    response = member_client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert response["Location"] == "/accounts/password_change/done/"
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_header_offers_log_in_to_visitors(client, organization):
    page = client.get("/accounts/join/").content.decode()
    assert '<a href="/accounts/login/">Log in</a>' in page
    assert "/accounts/logout/" not in page


def test_an_organization_admin_sees_waiting_requests_in_the_member_area(client, organization):
    admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    JoinRequest.objects.create(user=UserFactory(username="eva"), organization=organization)
    client.force_login(admin)
    page = client.get("/my/").content.decode()
    assert (
        '<a href="/accounts/organizations/workers-party/members/">Workers&#x27; Party: 1 request '
        "to join</a>"
    ) in page
