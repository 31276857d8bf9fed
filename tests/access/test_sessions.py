"""A committee login lasts STAFF_SESSION_HOURS (12), a member's SESSION_COOKIE_AGE (7 days)."""

import datetime

import pytest
from django.utils import timezone

PASSWORD = "correct-horse-battery"


@pytest.fixture
def later(monkeypatch):
    """Move the clock the sessions read forward: later(hours=13)."""
    real_now = timezone.now

    def move(**delta):
        monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(**delta))

    return move


def test_a_committee_session_ends_twelve_hours_after_login(client, moderator, later):
    before = timezone.now()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "carol", "password": PASSWORD}
    )

    assert response["Location"] == "/admin/"
    expiry = client.session.get_expiry_date()
    assert before + datetime.timedelta(hours=12) <= expiry
    assert expiry <= timezone.now() + datetime.timedelta(hours=12)
    later(hours=11)
    assert client.get("/admin/").status_code == 200
    later(hours=12, minutes=1)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_using_the_admin_does_not_lengthen_a_committee_session(client, moderator, later):
    client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    expiry = client.session.get_expiry_date()

    later(hours=6)
    client.get("/admin/")
    client.get("/my/")

    assert client.session.get_expiry_date() == expiry


def test_a_member_stays_logged_in_for_a_week(client, member, later, settings):
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 7 * 24 * 3600
    later(hours=13)
    assert client.get("/my/").status_code == 200
    later(days=8)
    assert client.get("/my/").status_code == 302
