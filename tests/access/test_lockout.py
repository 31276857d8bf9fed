"""Logins are refused for a while after 10 wrong passwords, per account and per address."""

import pytest
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
LOCKED = "Too many failed logins"


def log_in(client, path, username, password, **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def assert_locked_out(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "Please wait 30 minutes and try again." in page
    assert response["Retry-After"] == "1800"


@pytest.mark.parametrize(
    ("path", "landing"), [("/accounts/login/", "/my/"), ("/admin/login/", "/admin/")]
)
def test_after_ten_wrong_passwords_the_right_one_is_refused(
    client, moderator, lockout, path, landing
):
    answers = [log_in(client, path, "carol", "wrong").status_code for _ in range(10)]

    assert answers == [200] * 9 + [429]
    response = log_in(client, path, "carol", PASSWORD)
    assert_locked_out(response)
    assert "_auth_user_id" not in client.session
    assert client.get(landing).status_code == 302
    # The account is locked, not only this address.
    assert_locked_out(log_in(Client(REMOTE_ADDR="198.51.100.7"), path, "carol", PASSWORD))


def test_nine_wrong_passwords_still_let_the_right_one_in(client, moderator, lockout):
    for _ in range(9):
        log_in(client, "/accounts/login/", "carol", "wrong")

    response = log_in(client, "/accounts/login/", "carol", PASSWORD)

    assert response["Location"] == "/my/"


def test_failures_count_against_one_account_however_its_address_is_typed(client, db, lockout):
    UserFactory(username="eva@example.org", email="eva@example.org")
    for typed in ["Eva@Example.org", "EVA@example.org", " eva@EXAMPLE.org"] * 3:
        log_in(client, "/accounts/login/", typed, "wrong")
    log_in(client, "/admin/login/", "Eva@example.ORG", "wrong")

    other_address = Client(REMOTE_ADDR="198.51.100.7")
    assert_locked_out(log_in(other_address, "/accounts/login/", "eva@example.org", PASSWORD))


def test_an_address_trying_many_accounts_is_locked_out_of_every_one(client, member, lockout):
    for number in range(10):
        log_in(client, "/accounts/login/", f"guess{number}", "wrong")

    assert_locked_out(log_in(client, "/accounts/login/", "alice", PASSWORD))
    assert_locked_out(log_in(client, "/admin/login/", "alice", PASSWORD))
    elsewhere = log_in(Client(REMOTE_ADDR="198.51.100.7"), "/accounts/login/", "alice", PASSWORD)
    assert elsewhere["Location"] == "/my/"


def test_behind_a_proxy_the_lockout_counts_the_forwarded_address(client, member, lockout, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(10):
        log_in(
            client,
            "/accounts/login/",
            f"guess{number}",
            "wrong",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.5",
            **proxy,
        )

    attacker = log_in(
        client, "/accounts/login/", "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    neighbour = log_in(
        Client(), "/accounts/login/", "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy
    )
    assert_locked_out(attacker)
    assert neighbour["Location"] == "/my/"


def test_the_lockout_page_is_translated(client, moderator, lockout):
    for _ in range(10):
        log_in(client, "/accounts/login/", "carol", "wrong")

    response = log_in(client, "/accounts/login/", "carol", PASSWORD, HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 429
    assert "Demasiados inicios de sesión fallidos" in response.content.decode()
