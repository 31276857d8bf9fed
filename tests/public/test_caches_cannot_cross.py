"""A cached or revalidated answer is only ever the answer to the same question: the same
path, query string, language, scheme and host, and the same person asking.

/events.ics keeps its rendered body in the cache, keyed by its ETag; the API's lists and
events answer 304 to a matching ETag. Each test gives two questions whose data looks alike
(the same number of events, changed at the same moment), which is what once made them
share one ETag, and so one rendered calendar.
"""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIClient

from events.models import Event
from tests.api.conftest import token_client
from tests.factories import EventFactory
from tests.public.conftest import S

EVENTS = "/api/v1/events/"


@pytest.fixture
def anon(db):
    return APIClient()


@pytest.fixture
def film_and_rally(commemoration, organization, other_organization):
    """A film in Paris and a rally in Berlin, last changed at the very same moment."""
    events = [
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            title="Film in Paris",
            kind=Event.Kind.FILM,
            city="Paris",
            country="FR",
            status=S.APPROVED,
        ),
        EventFactory(
            commemoration=commemoration,
            organization=other_organization,
            title="Rally in Berlin",
            kind=Event.Kind.RALLY,
            city="Berlin",
            country="DE",
            status=S.APPROVED,
        ),
    ]
    Event.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    return events


def summaries(response):
    calendar = icalendar.Calendar.from_ical(response.getvalue())
    return [str(component["summary"]) for component in calendar.walk("VEVENT")]


def categories(response):
    calendar = icalendar.Calendar.from_ical(response.getvalue())
    return [str(component["categories"].cats[0]) for component in calendar.walk("VEVENT")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"kind": "film"}, {"kind": "rally"}),
        ({"country": "FR"}, {"country": "DE"}),
        ({"organization": "workers-party"}, {"organization": "other-party"}),
        ({"q": "film"}, {"q": "rally"}),
    ],
)
def test_ics_feed_of_one_filter_is_never_served_for_another(client, film_and_rally, first, second):
    film = client.get("/events.ics", first)
    rally = client.get("/events.ics", second)
    film_again = client.get("/events.ics", first)

    assert summaries(film) == ["Film in Paris"]
    assert summaries(rally) == ["Rally in Berlin"]
    assert summaries(film_again) == ["Film in Paris"]
    assert film["ETag"] != rally["ETag"]
    assert film_again["ETag"] == film["ETag"]


def test_ics_feed_answers_304_only_for_the_same_query(client, film_and_rally):
    etag = client.get("/events.ics", {"kind": "film"})["ETag"]

    other_kind = client.get("/events.ics", {"kind": "rally"}, HTTP_IF_NONE_MATCH=etag)
    more_filters = client.get("/events.ics?kind=film&country=FR", HTTP_IF_NONE_MATCH=etag)
    same_kind = client.get("/events.ics", {"kind": "film"}, HTTP_IF_NONE_MATCH=etag)

    assert other_kind.status_code == 200
    assert summaries(other_kind) == ["Rally in Berlin"]
    assert more_filters.status_code == 200
    assert same_kind.status_code == 304


def test_ics_feed_query_is_one_question_whatever_the_order_of_its_parameters(
    client, film_and_rally
):
    etag = client.get("/events.ics?kind=film&country=FR")["ETag"]

    response = client.get("/events.ics?country=FR&kind=film", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_ics_feed_of_one_language_is_never_served_in_another(client, film_and_rally):
    with translation.override("fr"):
        french = str(Event.Kind.FILM.label)
    with translation.override("es"):
        spanish = str(Event.Kind.FILM.label)

    english = client.get("/events.ics", {"kind": "film"}, HTTP_ACCEPT_LANGUAGE="en")
    by_header = client.get(
        "/events.ics",
        {"kind": "film"},
        HTTP_ACCEPT_LANGUAGE="fr",
        HTTP_IF_NONE_MATCH=english["ETag"],
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    by_cookie = client.get("/events.ics", {"kind": "film"}, HTTP_IF_NONE_MATCH=english["ETag"])

    assert categories(english) == ["Film screening"]
    assert (by_header.status_code, categories(by_header)) == (200, [french])
    assert (by_cookie.status_code, categories(by_cookie)) == (200, [spanish])
    assert len({english["ETag"], by_header["ETag"], by_cookie["ETag"]}) == 3
    assert {"Accept-Language", "Cookie"} <= {
        header.strip() for header in english["Vary"].split(",")
    }


def test_ics_feed_links_with_the_scheme_and_host_it_was_asked_with(client, film_and_rally):
    path = film_and_rally[0].get_absolute_url()

    plain = client.get("/events.ics", {"kind": "film"})
    secure = client.get("/events.ics", {"kind": "film"}, secure=True)
    other_host = client.get("/events.ics", {"kind": "film"}, HTTP_HOST="localhost")

    calendar = icalendar.Calendar.from_ical
    responses = (plain, secure, other_host)
    urls = [str(calendar(r.getvalue()).walk("VEVENT")[0]["url"]) for r in responses]
    assert urls == [
        f"http://testserver{path}",
        f"https://testserver{path}",
        f"http://localhost{path}",
    ]


def test_ics_feed_is_rendered_once_for_every_anonymous_visitor_asking_the_same(
    client, film_and_rally, django_assert_num_queries
):
    # Read to its end, as a calendar app does: the streamed feed is kept once written.
    first = client.get("/events.ics", {"kind": "film"}).getvalue()

    # One query tells that nothing changed; the calendar comes from the cache.
    with django_assert_num_queries(1):
        again = client.get("/events.ics", {"kind": "film"})

    assert again.getvalue() == first


def test_ics_feed_of_a_signed_in_member_is_neither_kept_nor_shared(client, film_and_rally, member):
    client.force_login(member)
    with CaptureQueriesContext(connection) as first:
        personal = client.get("/events.ics", {"kind": "film"})
    with CaptureQueriesContext(connection) as second:
        client.get("/events.ics", {"kind": "film"})
    client.logout()
    with CaptureQueriesContext(connection) as after:
        anonymous = client.get("/events.ics", {"kind": "film"}, HTTP_IF_NONE_MATCH=personal["ETag"])

    assert summaries(personal) == ["Film in Paris"]
    # Rendered again each time rather than taken from the cache...
    assert len(second) == len(first)
    # ...and not kept for the anonymous visitor, who gets an answer of their own.
    assert anonymous.status_code == 200
    assert anonymous["ETag"] != personal["ETag"]
    assert len(after) > 1
    assert summaries(anonymous) == ["Film in Paris"]


def test_api_list_answers_304_only_for_the_same_query(anon, film_and_rally):
    film = anon.get(EVENTS, {"kind": "film"})

    rally = anon.get(EVENTS, {"kind": "rally"}, HTTP_IF_NONE_MATCH=film["ETag"])
    same = anon.get(EVENTS, {"kind": "film"}, HTTP_IF_NONE_MATCH=film["ETag"])

    assert [row["title"] for row in rally.json()["results"]] == ["Rally in Berlin"]
    assert rally["ETag"] != film["ETag"]
    assert same.status_code == 304


def test_api_list_pages_have_their_own_etags(anon, film_and_rally):
    first = anon.get(EVENTS, {"page_size": 1})

    second = anon.get(EVENTS, {"page_size": 1, "page": 2}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert [r["title"] for r in (first.json()["results"] + second.json()["results"])] == [
        "Film in Paris",
        "Rally in Berlin",
    ]


def test_api_list_of_a_member_is_never_answered_with_the_publics_copy(
    anon, film_and_rally, member, organization
):
    draft = EventFactory(
        commemoration=film_and_rally[0].commemoration,
        organization=organization,
        title="Alice's draft film",
        kind=Event.Kind.FILM,
    )
    public = anon.get(EVENTS, {"kind": "film"})
    alice = token_client(member)

    personal = alice.get(EVENTS, {"kind": "film"}, HTTP_IF_NONE_MATCH=public["ETag"])
    public_again = anon.get(EVENTS, {"kind": "film"}, HTTP_IF_NONE_MATCH=personal["ETag"])

    assert personal.status_code == 200
    assert {row["title"] for row in personal.json()["results"]} == {draft.title, "Film in Paris"}
    assert public_again.status_code == 200
    assert [row["title"] for row in public_again.json()["results"]] == ["Film in Paris"]


def test_api_event_links_with_the_scheme_it_was_asked_with(anon, film_and_rally):
    film = film_and_rally[0]
    url = f"{EVENTS}{film.pk}/"
    plain = anon.get(url)

    secure = anon.get(url, secure=True, HTTP_IF_NONE_MATCH=plain["ETag"])

    assert secure.status_code == 200
    assert secure.json()["url"] == f"https://testserver{film.get_absolute_url()}"
    assert anon.get(url, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


def test_ics_feed_is_rendered_anew_when_the_commemoration_is_renamed(
    client, film_and_rally, commemoration
):
    first = client.get("/events.ics")
    commemoration.title = "Renamed commemoration"
    commemoration.save()

    response = client.get("/events.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 200
    assert str(icalendar.Calendar.from_ical(response.getvalue())["x-wr-calname"]) == (
        "Renamed commemoration"
    )
