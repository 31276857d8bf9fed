"""An online link typed without https:// is accepted and saved with it, through every door;
the browser's own checks on the event form block nothing the server would accept."""

import re

import pytest
from django.test import Client

from events.models import Event
from tests.api.conftest import EVENTS, token_client


def through_the_form(member, event_form_data, link):
    client = Client()
    client.force_login(member)
    response = client.post("/my/events/new/", event_form_data(attendance="online", online_url=link))
    errors = response.context["form"].errors if response.status_code == 200 else {}
    return response.status_code, errors.get("online_url")


def through_the_api(member, event_form_data, link):
    payload = {
        "title": "Lenin and the national question",
        "summary": "A lecture and a discussion.",
        "kind": "lecture",
        "starts_at": "2024-01-21T18:30:00",
        "ends_at": "2024-01-21T20:00:00",
        "timezone": "Europe/Paris",
        "online_url": link,
        "languages": ["fr"],
        "organization": "workers-party",
    }
    response = token_client(member).post(EVENTS, payload, format="json")
    return response.status_code, response.json().get("online_url")


def through_the_admin(member, event_form_data, link):
    """The committee corrects an existing event's link in the admin."""
    from tests.doors import admin_change_url, admin_form_data
    from tests.factories import EventFactory, committee_member

    event = EventFactory(organization=member.memberships.get().organization)
    client = Client()
    client.force_login(committee_member(username="carol"))
    response = client.post(admin_change_url(event), admin_form_data(event, online_url=link))
    if response.status_code == 200:
        return 200, response.context["adminform"].form.errors.get("online_url")
    return response.status_code, None


# Each door, with its answers to a link it saves and to one it refuses.
DOORS = [
    pytest.param(through_the_form, 302, 200, id="member form"),
    pytest.param(through_the_api, 201, 400, id="API"),
    pytest.param(through_the_admin, 302, 200, id="admin"),
]


@pytest.mark.parametrize("save, created, refused", DOORS)
@pytest.mark.parametrize(
    "typed, saved",
    [
        ("meet.example.org/abc", "https://meet.example.org/abc"),
        ("  meet.example.org/abc  ", "https://meet.example.org/abc"),
        ("//meet.example.org/abc", "https://meet.example.org/abc"),
        ("meet.example.org:8443/room", "https://meet.example.org:8443/room"),
        ("http://meet.example.org/abc", "http://meet.example.org/abc"),
        ("https://meet.example.org/abc", "https://meet.example.org/abc"),
    ],
)
def test_online_link_is_saved_with_its_scheme(
    member, event_form_data, save, created, refused, typed, saved
):
    status, _answer = save(member, event_form_data, typed)

    assert status == created
    assert Event.objects.get().online_url == saved


@pytest.mark.parametrize("save, created, refused", DOORS)
@pytest.mark.parametrize(
    "typed", ["not a link", "mailto:events@example.org", "javascript:alert(1)", "https:/x.org"]
)
def test_what_is_not_a_web_address_is_refused(
    member, event_form_data, save, created, refused, typed
):
    status, answer = save(member, event_form_data, typed)

    assert (status, answer) == (refused, ["Enter a valid URL."])
    assert not Event.objects.exclude(online_url="").exists()


def test_online_link_is_a_text_input_that_brings_the_address_keyboard(member_client):
    page = member_client.get("/my/events/new/").content.decode()

    assert (
        '<input type="text" name="online_url" maxlength="500" inputmode="url" '
        'aria-describedby="id_online_url_helptext" id="id_online_url">' in page
    )
    assert 'type="url"' not in page
    assert "novalidate" not in page


def test_browser_requires_only_what_the_server_requires(member_client, event_form_data):
    page = member_client.get("/my/events/new/").content.decode()
    required = set(
        re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"[^>]*\brequired\b', page)
    )

    # The place is needed for an event held in person only: the server decides, by the
    # attendance chosen, so the browser must not ask for it.
    assert required == {"title", "summary", "attendance", "starts_on", "starts_time", "ends_time"}
    response = member_client.post(
        "/my/events/new/",
        event_form_data(
            attendance="online",
            online_url="meet.example.org/abc",
            venue="",
            address="",
            city="",
            country="",
            description="",
            ends_on="",
            timezone="",
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.city, event.country, event.online_url) == ("", "", "https://meet.example.org/abc")
