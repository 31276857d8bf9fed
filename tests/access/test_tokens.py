"""API tokens expire, a new password revokes them, and wrong ones are throttled."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import EVENTS
from tests.factories import UserFactory

NEW_PASSWORD = "a-long-enough-passphrase-1917"


def api_with(key, **extra):
    client = APIClient(**extra)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def token(member):
    return Token.objects.create(user=member)


def test_a_token_works_until_it_is_ninety_days_old(token):
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=89, hours=23)
    )

    assert api_with(token.key).get(EVENTS).status_code == 200


def test_an_expired_token_is_refused_with_the_reason(token, settings):
    settings.SITE_URL = "https://commemoration.example.net"
    made = timezone.now() - datetime.timedelta(days=91)
    Token.objects.filter(pk=token.pk).update(created=made)

    response = api_with(token.key).get(EVENTS)

    assert response.status_code == 401
    expired_on = (made + datetime.timedelta(days=90)).date().isoformat()
    assert response.json() == {
        "detail": f"This token expired on {expired_on}. Create a new one at "
        "https://commemoration.example.net/my/token/."
    }
    assert response["WWW-Authenticate"] == "Token"


def test_the_token_page_says_when_the_token_expires(member_client, token):
    expires = token.created + datetime.timedelta(days=90)

    page = member_client.get("/my/token/").content.decode()

    when = date_format(timezone.localtime(expires), "DATETIME_FORMAT")
    assert f"It works until {when}; renew it before then." in page
    assert "It no longer works:" not in page


def test_the_token_page_says_that_an_expired_token_no_longer_works(member_client, token):
    Token.objects.filter(pk=token.pk).update(
        created=datetime.datetime(2024, 1, 10, 12, 0, tzinfo=datetime.UTC)
    )

    page = member_client.get("/my/token/").content.decode()

    assert "It no longer works:</strong> This token expired on 2024-04-09." in page
    assert "It works until" not in page


def test_a_password_change_revokes_the_token(member_client, member, token):
    api = api_with(token.key)
    assert api.get(EVENTS).status_code == 200

    response = member_client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response["Location"] == "/accounts/password_change/done/"
    refused = api.get(EVENTS)
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith(
        "This token was revoked when your password changed. Create a new one at"
    )
    page = member_client.get("/my/token/").content.decode()
    assert "This token was revoked when your password changed." in page

    member_client.post("/my/token/")
    assert api_with(Token.objects.get(user=member).key).get(EVENTS).status_code == 200


def test_a_password_changed_in_the_admin_revokes_the_token(client, member, token):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.post(
        f"/admin/auth/user/{member.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert api_with(token.key).get(EVENTS).status_code == 401


def test_a_password_reset_revokes_the_token(client, member, token, mailoutbox):
    client.post("/accounts/password_reset/", {"email": member.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line)
    form = client.get(link[link.index("/accounts/reset/") :], follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert api_with(token.key).get(EVENTS).status_code == 401


def test_logging_in_keeps_the_token_even_when_the_stored_hash_is_upgraded(
    client, member, token, settings
):
    # The member's password is stored with MD5; a stronger first hasher upgrades it.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": "correct-horse-battery"}
    )

    assert response["Location"] == "/my/"
    member.refresh_from_db()
    assert member.password.startswith("pbkdf2_sha256$")
    assert api_with(token.key).get(EVENTS).status_code == 200


def test_wrong_tokens_from_one_address_are_throttled(token, rates):
    rates(token_failure="3/min")
    guesses = [api_with(f"guess{number}").get(EVENTS).status_code for number in range(3)]

    refused = api_with(token.key).get(EVENTS)

    assert guesses == [401, 401, 401]
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith(
        "Too many requests with a wrong token came from your address."
    )
    assert int(refused["Retry-After"]) > 0
    assert api_with(token.key, REMOTE_ADDR="203.0.113.5").get(EVENTS).status_code == 200


def test_a_malformed_token_header_counts_as_a_wrong_token(token, rates):
    rates(token_failure="2/min")
    client = APIClient()
    answers = [
        client.get(EVENTS, HTTP_AUTHORIZATION=header).status_code
        for header in ["Token", "Token a b", "Token x"]
    ]

    assert answers == [401, 401, 429]


def test_right_tokens_are_not_counted_as_failures(token, rates):
    rates(token_failure="2/min")

    answers = [api_with(token.key).get(EVENTS).status_code for _ in range(4)]

    assert answers == [200] * 4


def test_requests_without_a_token_are_not_counted_as_failures(db, rates):
    rates(token_failure="1/min")

    assert [Client().get(EVENTS).status_code for _ in range(3)] == [200] * 3
