"""A NUL character is refused with a clear 400 at every door, never a server error.

PostgreSQL text cannot hold one: every NUL that reached a lookup there was a 500. Run
these on PostgreSQL too (DATABASE_URL=postgres://…).
"""

import pytest
from rest_framework.test import APIClient

from events.models import Event
from tests.api.conftest import EVENTS, token_client
from tests.factories import EventFactory

NUL_MESSAGE = ["Null characters are not allowed."]


@pytest.fixture
def api(db):
    client = APIClient()
    client.raise_request_exception = False
    return client


@pytest.fixture
def alice_api(member):
    client = token_client(member)
    client.raise_request_exception = False
    return client


@pytest.fixture
def draft(organization, commemoration):
    return EventFactory(
        organization=organization, commemoration=commemoration, status=Event.Status.DRAFT
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organizations/%00/",
        "/api/v1/organizations/a%00b/",
        "/api/v1/commemorations/a%00b/",
    ],
)
def test_api_lookup_by_a_slug_with_a_null_character_is_a_400(api, organization, path):
    response = api.get(path)

    assert response.status_code == 400
    assert response.json() == {"path": NUL_MESSAGE}


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("organization=a%00b", "organization"),
        ("commemoration=a%00b", "commemoration"),
        ("q=a%00b", "q"),
        ("language=a%00b", "language"),
        ("around=2024-01-21&days=1%00", "days"),
    ],
)
def test_api_filter_with_a_null_character_is_a_400_naming_it(api, query, parameter):
    response = api.get(f"{EVENTS}?{query}")

    assert response.status_code == 400
    assert response.json() == {parameter: NUL_MESSAGE}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"organization": "a\u0000b"}, "organization"),
        ({"co_organizers": ["other-party", "a\u0000b"]}, "co_organizers"),
        ({"commemoration": "a\u0000b"}, "commemoration"),
        ({"languages": ["fr", "e\u0000n"]}, "languages"),
        ({"title": "A title\u0000"}, "title"),
    ],
)
def test_api_write_with_a_null_character_is_a_400_naming_the_field(
    alice_api, draft, other_organization, change, field
):
    response = alice_api.patch(f"{EVENTS}{draft.pk}/", change, format="json")

    assert response.status_code == 400
    assert response.json() == {field: NUL_MESSAGE}
    draft.refresh_from_db()
    assert draft.organization.slug == "workers-party"
    assert draft.title != "A title\u0000"


def test_api_form_encoded_write_with_a_null_character_is_a_400(alice_api, draft):
    response = alice_api.patch(f"{EVENTS}{draft.pk}/", {"organization": "a\u0000b"})

    assert response.status_code == 400
    assert response.json() == {"organization": NUL_MESSAGE}


def test_api_move_with_a_null_character_in_its_reason_is_a_400(alice_api, draft):
    response = alice_api.post(f"{EVENTS}{draft.pk}/submit/", {"reason": "\u0000"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"reason": NUL_MESSAGE}
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


def test_token_with_a_null_character_is_a_400_not_a_server_error(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token abc\u0000def")

    response = api.get(EVENTS)

    assert response.status_code == 400
    assert response.json() == {"headers": NUL_MESSAGE}


def test_session_cookie_with_a_null_character_is_a_400_page(client, db):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "abcdefgh\u0000ijkl"

    response = client.get("/my/")

    assert response.status_code == 400
    assert "A header of the request contains a null character." in response.getvalue().decode()


@pytest.mark.parametrize(
    "path",
    [
        "/events/?organization=a%00b",
        "/events/?q=%00",
        "/calendar/?kind=a%00b",
        "/events.ics?organization=a%00b",
        "/organizations/?country=a%00b",
    ],
)
def test_page_query_with_a_null_character_is_a_400_page_naming_the_parameter(client, db, path):
    client.raise_request_exception = False

    response = client.get(path)

    assert response.status_code == 400
    name = path.split("?")[1].split("=")[0]
    assert f"The “{name}” parameter contains a null character" in response.getvalue().decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/events/event/?status__exact=a%00b",
        "/admin/events/event/?kind__exact=a%00b",
        "/admin/events/moderationrecord/?to_status__exact=a%00b",
        "/admin/organizations/organization/?kind__exact=a%00b",
        "/admin/autocomplete/?term=a%00b&app_label=events&model_name=event&field_name=organization",
    ],
)
def test_admin_list_filter_with_a_null_character_is_a_400(moderator_client, draft, path):
    moderator_client.raise_request_exception = False

    response = moderator_client.get(path)

    assert response.status_code == 400
    assert "parameter contains a null character" in response.getvalue().decode()


@pytest.mark.parametrize("path", ["/organizations/a%00b/", "/media/posters/a%00b.png"])
def test_a_null_character_in_the_address_of_a_page_is_a_400(client, db, path):
    client.raise_request_exception = False

    response = client.get(path)

    assert response.status_code == 400
    assert "The address contains a null character" in response.getvalue().decode()
