"""/my/token/: a member sees and renews their own API token, and nobody else's."""

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import EVENTS


def test_member_without_a_token_is_offered_one(member_client, member):
    response = member_client.get("/my/token/")

    assert response.status_code == 200
    assert "You have no token yet." in response.content.decode()
    assert not Token.objects.filter(user=member).exists()
    assert "no-store" in response["Cache-Control"]


def test_member_creates_then_sees_their_token(member_client, member):
    response = member_client.post("/my/token/", follow=True)

    token = Token.objects.get(user=member)
    html = response.content.decode()
    assert response.redirect_chain == [("/my/token/", 302)]
    assert f'value="{token.key}"' in html
    assert "Your new token is ready; the old one no longer works." in html


def test_renewing_replaces_the_old_token(member_client, member, public_event):
    old = Token.objects.create(user=member)

    member_client.post("/my/token/")

    new = Token.objects.get(user=member)
    assert new.key != old.key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert api.get(EVENTS).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {new.key}")
    assert api.get(EVENTS).status_code == 200


def test_page_never_shows_another_users_token(client, member, outsider):
    bobs = Token.objects.create(user=outsider)
    alices = Token.objects.create(user=member)
    client.force_login(member)

    html = client.get("/my/token/").content.decode()

    assert alices.key in html
    assert bobs.key not in html


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    get = client.get("/my/token/")
    post = client.post("/my/token/")

    assert get.status_code == post.status_code == 302
    assert get["Location"] == "/accounts/login/?next=/my/token/"
    assert not Token.objects.exists()


def test_renewal_needs_the_csrf_token(member, organization):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post("/my/token/")

    assert response.status_code == 403
    assert not Token.objects.exists()


def test_other_methods_are_refused(member_client, member):
    assert member_client.delete("/my/token/").status_code == 405
    assert member_client.put("/my/token/").status_code == 405
