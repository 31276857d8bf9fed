"""Throttling, CORS, conditional GET and a bounded number of queries."""

import pytest
from django.core.cache import cache

from events.caching import public_data_changed
from events.models import Event
from events.services import reject_event, return_event_to_draft
from tests.api.conftest import EVENTS
from tests.factories import CoOrganizerFactory, EventFactory, OrganizationFactory


@pytest.fixture
def low_rates(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    yield
    cache.clear()


def test_anonymous_callers_are_throttled(anon, public_event, low_rates):
    answers = [anon.get(EVENTS).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = anon.get(f"{EVENTS}{public_event.pk}/")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Request was throttled.")
    assert int(refused["Retry-After"]) > 0


def test_members_have_their_own_higher_rate(alice_api, anon, public_event, low_rates):
    assert [alice_api.get(EVENTS).status_code for _ in range(6)] == [200] * 5 + [429]
    assert anon.get(EVENTS).status_code == 200


def test_public_api_may_be_read_from_any_site(anon, public_event):
    response = anon.get(EVENTS, HTTP_ORIGIN="https://another.example.net")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_preflight_allows_reading_only(anon, db):
    response = anon.options(
        EVENTS,
        HTTP_ORIGIN="https://another.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_pages_outside_the_api_send_no_cors_header(anon, db):
    response = anon.get("/", HTTP_ORIGIN="https://another.example.net")

    assert "Access-Control-Allow-Origin" not in response


def test_event_list_answers_304_until_something_changes(anon, public_event):
    first = anon.get(EVENTS, {"country": "FR"})
    etag = first["ETag"]

    same = anon.get(EVENTS, {"country": "FR"}, HTTP_IF_NONE_MATCH=etag)
    since = anon.get(EVENTS, {"country": "FR"}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    public_event.title = "Renamed"
    public_event.save()
    changed = anon.get(EVENTS, {"country": "FR"}, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200 and etag.startswith('"')
    assert same.status_code == 304
    assert same.content == b""
    assert since.status_code == 304
    assert changed.status_code == 200
    assert changed.json()["results"][0]["title"] == "Renamed"
    assert changed["ETag"] != etag


def test_event_list_etag_changes_when_an_event_leaves(anon, public_event, organization):
    other = EventFactory(organization=organization, status=Event.Status.APPROVED)
    etag = anon.get(EVENTS)["ETag"]

    other.delete()

    response = anon.get(EVENTS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [public_event.pk]


def test_event_list_etag_changes_when_an_event_is_rejected_or_sent_back(
    anon, public_event, organization, moderator, member
):
    other = EventFactory(organization=organization, status=Event.Status.APPROVED)
    first = anon.get(EVENTS)["ETag"]

    reject_event(other, by=moderator, reason="Wrong date.")
    after_rejection = anon.get(EVENTS, HTTP_IF_NONE_MATCH=first)
    return_event_to_draft(public_event, by=member)
    after_withdrawal = anon.get(EVENTS, HTTP_IF_NONE_MATCH=after_rejection["ETag"])

    assert after_rejection.status_code == 200
    assert [row["id"] for row in after_rejection.json()["results"]] == [public_event.pk]
    assert after_withdrawal.status_code == 200
    assert after_withdrawal.json()["results"] == []
    assert len({first, after_rejection["ETag"], after_withdrawal["ETag"]}) == 3


def test_members_and_the_public_get_different_list_etags(anon, alice_api, public_event):
    public = anon.get(EVENTS)
    personal = alice_api.get(EVENTS, HTTP_IF_NONE_MATCH=public["ETag"])

    assert personal.status_code == 200
    assert personal["ETag"] != public["ETag"]
    assert "Authorization" in public["Vary"]


def test_event_detail_answers_304_until_it_changes(anon, public_event):
    url = f"{EVENTS}{public_event.pk}/"
    first = anon.get(url)

    same = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    since = anon.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    public_event.summary = "New summary."
    public_event.save()
    changed = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert (same.status_code, since.status_code, changed.status_code) == (304, 304, 200)
    assert changed.json()["summary"] == "New summary."


def test_a_bad_filter_is_a_400_even_with_a_matching_etag(anon, public_event):
    etag = anon.get(EVENTS)["ETag"]

    response = anon.get(EVENTS, {"country": "XX"}, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 400
    assert list(response.json()) == ["country"]


def many_events(n):
    partners = OrganizationFactory.create_batch(3)
    events = EventFactory.create_batch(n, status=Event.Status.APPROVED)
    for event in events:
        for partner in partners:
            CoOrganizerFactory(event=event, organization=partner)
    return events


@pytest.mark.parametrize("page_size", [1, 20, 200])
def test_event_list_takes_a_fixed_number_of_queries(anon, db, django_assert_num_queries, page_size):
    many_events(200)

    # Written afresh: the page's ids and last changes and its count, then its events with
    # their co-organizers and translations; nothing per event.
    with django_assert_num_queries(5):
        first = anon.get(EVENTS, {"page_size": page_size})
    public_data_changed()  # any change: the answer is built again, its events' parts kept
    with django_assert_num_queries(2):
        again = anon.get(EVENTS, {"page_size": page_size})

    assert len(first.json()["results"]) == page_size
    assert len(first.json()["results"][0]["co_organizers"]) == 3
    assert again.content == first.content


def test_member_list_takes_a_fixed_number_of_queries(
    alice_api, member, db, django_assert_num_queries
):
    many_events(200)

    # The same, plus the token with its user, the user's permissions (two) and the list's
    # validators (an ETag of the member's own list).
    with django_assert_num_queries(9):
        response = alice_api.get(EVENTS, {"page_size": 200})

    assert len(response.json()["results"]) == 200


def test_event_detail_and_other_lists_take_few_queries(
    anon, public_event, django_assert_num_queries
):
    # The event's last change, then the event with its translations and co-organizers;
    # once its part is kept, the first alone.
    with django_assert_num_queries(4):
        assert anon.get(f"{EVENTS}{public_event.pk}/").status_code == 200
    public_data_changed()
    with django_assert_num_queries(1):
        assert anon.get(f"{EVENTS}{public_event.pk}/").status_code == 200
    OrganizationFactory.create_batch(30)
    with django_assert_num_queries(2):
        assert anon.get("/api/v1/organizations/", {"page_size": 200}).status_code == 200
    with django_assert_num_queries(2):
        assert anon.get("/api/v1/commemorations/").status_code == 200
    with django_assert_num_queries(3):
        assert anon.get("/api/v1/commemorations/lenin-centenary/").status_code == 200


def test_a_browser_gets_json_too(anon, public_event):
    response = anon.get(EVENTS, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 1
