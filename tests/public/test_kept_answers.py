"""Anonymous pages and API answers are kept under the public data version: asked again,
they cost no query; after any decision or edit, the next request shows the new state."""

import re

import pytest
from django.test import Client

from events.models import Event
from events.services import approve_event, cancel_event, reject_event, submit_event
from tests.factories import EventFactory

LIST = "/events/?starts_after=2024-01-01&starts_before=2024-12-31"
CALENDAR = "/calendar/2024/1/"
API_LIST = "/api/v1/events/?starts_after=2024-01-01"


def addresses(event):
    return [LIST, CALENDAR, API_LIST, f"/api/v1/events/{event.pk}/", event.get_absolute_url()]


def read_all(client, event):
    return {address: client.get(address) for address in addresses(event)}


@pytest.fixture
def waiting(commemoration, organization, member):
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Torchlight vigil",
        status=Event.Status.DRAFT,
    )
    submit_event(event, by=member)
    return event


def test_a_kept_answer_is_served_again_without_a_query(
    client, waiting, moderator, django_assert_num_queries
):
    approve_event(waiting, by=moderator)
    first = read_all(client, waiting)

    with django_assert_num_queries(0):
        again = read_all(client, waiting)

    for address, response in again.items():
        assert response.status_code == 200, address
        assert response.content.count(b"Torchlight vigil") >= 1, address
    assert again[API_LIST].content == first[API_LIST].content


def test_every_decision_shows_at_once_on_every_kept_answer(client, waiting, moderator, member):
    # Asked twice before each change: a kept answer is there to be wrongly served.
    for _ in range(2):
        hidden = read_all(client, waiting)
    assert all(b"Torchlight vigil" not in r.content for r in hidden.values())
    assert hidden[waiting.get_absolute_url()].status_code == 404

    approve_event(waiting, by=moderator)
    read_all(client, waiting)
    shown = read_all(client, waiting)
    assert all(b"Torchlight vigil" in r.content for r in shown.values())

    waiting.refresh_from_db()
    waiting.title = "Torchlight march"
    waiting.save()
    edited = read_all(client, waiting)
    assert all(b"Torchlight march" in r.content for r in edited.values())
    assert all(b"Torchlight vigil" not in r.content for r in edited.values())

    cancel_event(waiting, by=member, reason="Storm warning.")
    cancelled = read_all(client, waiting)
    assert cancelled[f"/api/v1/events/{waiting.pk}/"].json()["status"] == "cancelled"
    assert b"Storm warning." in cancelled[waiting.get_absolute_url()].content


def test_a_rejected_event_leaves_every_kept_answer(client, waiting, moderator):
    approve_event(waiting, by=moderator)
    read_all(client, waiting)
    read_all(client, waiting)

    reject_event(waiting, by=moderator, reason="Duplicate.")
    after = read_all(client, waiting)

    assert all(b"Torchlight vigil" not in r.content for r in after.values())
    assert after[f"/api/v1/events/{waiting.pk}/"].status_code == 404
    assert after[waiting.get_absolute_url()].status_code == 404


def test_a_kept_page_carries_each_readers_own_csrf_token(waiting, moderator):
    approve_event(waiting, by=moderator)
    tokens = []
    for _ in range(2):
        reader = Client(enforce_csrf_checks=True)
        page = reader.get(CALENDAR)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)[1].decode()
        switched = reader.post(
            "/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token}
        )
        tokens.append(token)
        assert switched.status_code == 302
    assert tokens[0] != tokens[1]
    assert b"reader-csrf-token-placeholder" not in page.content
    assert tokens[1].encode() in page.content
    assert page["Cache-Control"] == "private, no-cache"


def test_a_kept_api_answer_can_be_held_by_a_shared_cache_and_revalidated(
    client, waiting, moderator, django_assert_num_queries
):
    approve_event(waiting, by=moderator)
    first = client.get(API_LIST)

    with django_assert_num_queries(0):
        same = client.get(API_LIST, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert same.status_code == 304


def test_a_member_is_never_given_the_publics_kept_answer(client, waiting, member):
    client.get(API_LIST)
    client.force_login(member)

    own = client.get(API_LIST)

    assert b"Torchlight vigil" in own.content


def test_a_kept_search_answer_is_served_again_without_a_query(
    client, waiting, moderator, django_assert_num_queries
):
    # A search reads the database to build its filter: that must happen only when the
    # answer is built, not when a kept one is served.
    approve_event(waiting, by=moderator)
    searches = ["/api/v1/events/?q=torchlight", "/events/?q=torchlight"]
    first = {address: client.get(address) for address in searches}

    with django_assert_num_queries(0):
        again = {address: client.get(address) for address in searches}

    for address in searches:
        assert again[address].status_code == 200, address
        assert b"Torchlight vigil" in again[address].content, address
    assert again[searches[0]].content == first[searches[0]].content
    assert again[searches[0]].json()["count"] == 1
