"""Each event's part of a long answer (its VEVENT in /events.ics, its Feature in the
GeoJSON, its row in the committee's CSV export), of the API's pages and event, and its card
on the pages is kept in the shared cache under its last change and what else shapes it: an
answer built again reads the parts kept instead of writing them, is byte for byte the
answer written afresh, and never shows an event, its host or its text as it was before a
change."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from events import services
from events.caching import public_data_changed
from tests.factories import EventTranslationFactory, local
from tests.public.conftest import approved
from tests.public.test_feed_queries import make_events, read_all

ICS, GEOJSON = "/events.ics", "/events.geojson"


@pytest.fixture
def thirty_events(commemoration, organization, other_organization):
    make_events(30, commemoration, organization, other_organization)


def lecture_in_paris(commemoration, organization):
    return approved(
        commemoration,
        organization,
        "Lecture",
        local(2024, 1, 21, 18),
        "UTC",
        latitude="48.850000",
        longitude="2.350000",
    )


def parts(path, body):
    """The answer's parts, by event id."""
    if path == ICS:
        chunks = body.split(b"BEGIN:VEVENT")[1:]
        return {int(chunk.split(b"UID:event-")[1].split(b"@")[0]): chunk for chunk in chunks}
    return {feature["id"]: feature for feature in json.loads(body)["features"]}


def assert_the_same_as_afresh(client, settings, path, *bodies):
    settings.FEED_FRAGMENT_SECONDS = 0
    cache.clear()
    afresh = read_all(client.get(path))
    assert len(parts(path, afresh)) == 30
    assert all(body == afresh for body in bodies)


def test_a_calendar_of_kept_vevents_is_byte_for_byte_the_calendar_written_afresh(
    client, settings, thirty_events, other_organization, django_assert_num_queries
):
    first = read_all(client.get(ICS))
    # A change the calendar does not show, but its validators do: it is built again.
    other_organization.name = "Another name"
    other_organization.save()
    # The commemoration and its translations (the calendar's name), the list's validators,
    # the zones and the events' last changes: none of the events' values or translations.
    with django_assert_num_queries(5):
        again = read_all(client.get(ICS))

    assert_the_same_as_afresh(client, settings, ICS, first, again)


def test_a_map_of_kept_features_is_byte_for_byte_the_map_written_afresh(
    client, settings, thirty_events, django_assert_num_queries
):
    first = read_all(client.get(GEOJSON))
    # The events' last changes (the organizations' and commemorations' newest are read
    # once a data version): none of the events' values, relations or translations.
    with django_assert_num_queries(1):
        again = read_all(client.get(GEOJSON))

    assert_the_same_as_afresh(client, settings, GEOJSON, first, again)


@pytest.mark.parametrize("path", [ICS, GEOJSON])
def test_a_cancelled_event_is_written_again_and_the_others_are_kept(
    client, thirty_events, member, path
):
    before = parts(path, read_all(client.get(path)))
    event = member.memberships.get().organization.events.filter(status="approved").first()
    services.cancel_event(event, by=member, reason="The hall is closed.")

    after = parts(path, read_all(client.get(path)))

    if path == ICS:
        assert b"STATUS:CONFIRMED" in before[event.pk]
        assert b"STATUS:CANCELLED" in after[event.pk]
        assert b"The hall is closed." in after[event.pk]
    else:
        assert before[event.pk]["properties"]["status"] == "approved"
        assert after[event.pk]["properties"]["status"] == "cancelled"
        assert after[event.pk]["properties"]["cancellation_reason"] == "The hall is closed."
    assert {pk: part for pk, part in after.items() if pk != event.pk} == {
        pk: part for pk, part in before.items() if pk != event.pk
    }


def test_a_renamed_host_is_named_anew_on_the_map(client, thirty_events, organization):
    before = parts(GEOJSON, read_all(client.get(GEOJSON)))
    organization.name = "Renamed committee"
    organization.save()

    after = parts(GEOJSON, read_all(client.get(GEOJSON)))

    hosts = {feature["properties"]["organization"]["name"] for feature in after.values()}
    assert hosts == {"Renamed committee"}
    assert "Renamed committee" not in json.dumps(before)


@pytest.mark.parametrize("path", [ICS, GEOJSON])
def test_a_part_kept_in_one_language_or_for_one_site_is_not_served_for_another(
    client, commemoration, organization, path
):
    event = lecture_in_paris(commemoration, organization)
    EventTranslationFactory(event=event, language="es", title="Conferencia")

    def only_part(**headers):
        (part,) = parts(path, read_all(client.get(path, **headers))).values()
        return part if path == ICS else json.dumps(part).encode()

    english = only_part(HTTP_ACCEPT_LANGUAGE="en")
    spanish = only_part(HTTP_ACCEPT_LANGUAGE="es")
    elsewhere = only_part(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="localhost")

    title = b"SUMMARY:%s\r\n" if path == ICS else b'"title": "%s"'
    assert title % b"Lecture" in english
    assert title % b"Conferencia" in spanish
    assert b"http://testserver/" in english
    assert b"http://localhost/" in elsewhere
    assert b"http://testserver/" not in elsewhere


def exported_rows(client):
    """The committee's CSV export of every event, by event id."""
    response = client.post(
        "/admin/events/event/",
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": ["0"]},
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return body, {row["id"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}


def test_the_committees_export_of_kept_rows_is_the_export_written_afresh_and_current(
    moderator_client, settings, thirty_events, organization, member
):
    first, _rows = exported_rows(moderator_client)
    again, _rows = exported_rows(moderator_client)
    event = organization.events.filter(status="approved").first()
    services.cancel_event(event, by=member, reason="The hall is closed.")
    other_organization = event.co_organizer_invitations.get().organization
    other_organization.name = "Renamed partner"
    other_organization.save()

    current, after = exported_rows(moderator_client)
    settings.FEED_FRAGMENT_SECONDS = 0
    cache.clear()
    afresh, _rows = exported_rows(moderator_client)

    assert first == again
    assert len(after) == 30
    assert after[str(event.pk)]["status"] == "Cancelled"
    assert after[str(event.pk)]["cancellation_reason"] == "The hall is closed."
    assert {row["co_organizers"] for row in after.values()} == {"Renamed partner"}
    assert current == afresh


def test_the_command_keeps_every_events_parts_so_that_the_whole_feeds_are_read_not_written(
    client, settings, thirty_events, django_assert_num_queries
):
    settings.SITE_URL = "http://testserver"
    out = io.StringIO()
    call_command("keep_feed_parts", "--language", "en", "--language", "es", stdout=out)

    assert out.getvalue().count("its parts kept") == 4
    for language in ("en", "es"):
        with django_assert_num_queries(1):  # the events' last changes
            map_body = read_all(client.get(GEOJSON, HTTP_ACCEPT_LANGUAGE=language))
        assert len(parts(GEOJSON, map_body)) == 30
        # Another question than the one the command asked, of the same events: their
        # parts are the ones it kept. The commemoration, its translations, the validators,
        # the zones, the events' last changes: none of their values or translations.
        with django_assert_num_queries(5):
            calendar = read_all(client.get(ICS + "?country=FR", HTTP_ACCEPT_LANGUAGE=language))
        assert len(parts(ICS, calendar)) == 30


def test_the_command_says_so_when_nothing_can_be_kept(settings):
    settings.FEED_FRAGMENT_SECONDS = 0
    with pytest.raises(CommandError, match="no part is kept"):
        call_command("keep_feed_parts")


# --- The API's pages of events and its event: each event's part kept the same way --------

API = "/api/v1/events/"


def test_an_api_page_and_event_of_kept_parts_are_byte_for_byte_those_written_afresh(
    client, settings, thirty_events
):
    page = {"page_size": 25, "page": 2, "lang": "es"}
    event = json.loads(client.get(API, page).content)["results"][0]["id"]
    first = [client.get(API, page).content, client.get(f"{API}{event}/").content]
    public_data_changed()  # any change: the answers are built again, from the parts kept
    again = [client.get(API, page).content, client.get(f"{API}{event}/").content]
    settings.FEED_FRAGMENT_SECONDS = 0
    cache.clear()
    afresh = [client.get(API, page).content, client.get(f"{API}{event}/").content]

    assert first == again == afresh
    listed = json.loads(afresh[0])
    assert (listed["count"], len(listed["results"])) == (30, 5)
    assert listed["previous"] == "http://testserver/api/v1/events/?lang=es&page_size=25"
    assert json.loads(afresh[1])["allowed_moves"] == []


def test_a_cancelled_event_and_a_renamed_host_show_anew_in_the_api_list_and_event(
    client, thirty_events, organization, member
):
    event = organization.events.filter(status="approved").first()
    listed = {e["id"]: e for e in client.get(API, {"page_size": 50}).json()["results"]}
    assert client.get(f"{API}{event.pk}/").json()["status"] == "approved"

    services.cancel_event(event, by=member, reason="The hall is closed.")
    after = {e["id"]: e for e in client.get(API, {"page_size": 50}).json()["results"]}
    one = client.get(f"{API}{event.pk}/").json()

    assert (after[event.pk]["status"], one["status"]) == ("cancelled", "cancelled")
    assert one["cancellation_reason"] == "The hall is closed."
    assert {pk: e for pk, e in after.items() if pk != event.pk} == {
        pk: e for pk, e in listed.items() if pk != event.pk
    }

    organization.name = "Renamed committee"
    organization.save()
    renamed = client.get(API, {"page_size": 50, "organization": organization.slug}).json()
    assert {e["organization"]["name"] for e in renamed["results"]} == {"Renamed committee"}
    assert client.get(f"{API}{event.pk}/").json()["organization"]["name"] == "Renamed committee"


def test_an_api_part_of_one_language_or_site_is_not_served_for_another(
    client, commemoration, organization
):
    event = approved(commemoration, organization, "Lecture", local(2024, 1, 21, 18), "UTC")
    EventTranslationFactory(event=event, language="es", title="Conferencia")

    def shown(path, **headers):
        answer = client.get(path, **headers).json()
        shown = answer["results"][0] if "results" in answer else answer
        return shown["title"], shown["url"]

    for path in (API, f"{API}{event.pk}/"):
        english = shown(path, HTTP_ACCEPT_LANGUAGE="en")
        spanish = shown(path, HTTP_ACCEPT_LANGUAGE="es")
        elsewhere = shown(path, HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="localhost")

        assert english == ("Lecture", f"http://testserver{event.get_absolute_url()}")
        assert spanish[0] == "Conferencia"
        assert elsewhere == ("Lecture", f"http://localhost{event.get_absolute_url()}")


def test_a_page_nearest_a_point_is_written_for_that_point(client, commemoration, organization):
    lecture_in_paris(commemoration, organization)

    paris = client.get(API, {"near": "48.85,2.35", "radius": 1000}).json()["results"]
    berlin = client.get(API, {"near": "52.52,13.40", "radius": 1000}).json()["results"]

    assert paris[0]["distance_km"] == 0.0
    assert berlin[0]["distance_km"] > 800


# --- The cards of the list, the home page and an organization's page (events.cards) -------

LIST = "/events/?starts_after=2023-01-01"


def cards(client, path, **headers):
    """The event cards of the page, by the event's address."""
    body = client.get(path, **headers).content.decode()
    found = re.findall(r'<article class="event-card.*?</article>', body, re.S)
    return {re.search(r'href="([^"]+)"', card).group(1): card for card in found}


CALENDAR = "/calendar/2024/1/"
TOKYO = "tz=Asia/Tokyo"


@pytest.mark.parametrize(
    "path", [LIST, f"{LIST}&{TOKYO}", "/", "/organizations/org/", CALENDAR, f"{CALENDAR}?{TOKYO}"]
)
def test_a_page_of_kept_cards_or_calendar_entries_is_the_page_written_afresh(
    client, settings, thirty_events, organization, path
):
    organization.slug = "org"
    organization.save()
    read = entries if path.startswith(CALENDAR) else cards
    first = read(client, path)
    public_data_changed()
    again = read(client, path)
    settings.FEED_FRAGMENT_SECONDS = 0
    cache.clear()
    afresh = read(client, path)

    assert first == again == afresh
    assert len(afresh) >= 3


def test_a_cancelled_event_and_a_renamed_host_show_anew_on_the_list(
    client, thirty_events, organization, member
):
    event = organization.events.filter(status="approved").first()
    before = cards(client, LIST)
    services.cancel_event(event, by=member, reason="The hall is closed.")
    after = cards(client, LIST)
    url = event.get_absolute_url()

    assert "is-cancelled" not in before[url]
    assert "is-cancelled" in after[url]
    assert {u: c for u, c in after.items() if u != url} == {
        u: c for u, c in before.items() if u != url
    }
    organization.name = "Renamed committee"
    organization.save()
    assert all("Renamed committee" in card for card in cards(client, LIST).values())


def test_a_card_of_one_language_or_zone_is_not_served_for_another(
    client, commemoration, organization
):
    event = approved(commemoration, organization, "Lecture", local(2024, 1, 21, 18), "UTC")
    EventTranslationFactory(event=event, language="es", title="Conferencia")

    (english,) = cards(client, LIST, HTTP_ACCEPT_LANGUAGE="en").values()
    (spanish,) = cards(client, LIST, HTTP_ACCEPT_LANGUAGE="es").values()
    (tokyo,) = cards(client, f"{LIST}&tz=Asia/Tokyo", HTTP_ACCEPT_LANGUAGE="en").values()

    assert ">Lecture</a>" in english
    assert ">Conferencia</a>" in spanish
    assert "in Asia/Tokyo" in tokyo
    assert "in Asia/Tokyo" not in english


def test_one_event_of_kept_parts_still_answers_to_the_filters_given(
    client, commemoration, organization
):
    event = approved(
        commemoration, organization, "Lecture", local(2024, 1, 21, 18), "UTC", country="FR"
    )
    url = f"{API}{event.pk}/"

    assert client.get(url, {"lang": "es"}).json()["id"] == event.pk
    assert client.get(url, {"country": "FR"}).json()["id"] == event.pk
    assert client.get(url, {"country": "DE"}).status_code == 404
    assert client.get(url, {"country": "XX"}).status_code == 400
    assert client.get(f"{API}99999999999999999999/").status_code == 404


def test_a_page_of_kept_cards_reads_none_of_its_events(
    client, thirty_events, django_assert_num_queries
):
    client.get(LIST)
    public_data_changed()  # any change: the page is built again, its cards kept
    # The filter menus (countries, languages: the data version is new; the organizations'
    # is kept under the shared version), the commemoration and its translations, the
    # count, the page's ids, days and last changes: none of the events' values, relations
    # or translations.
    with django_assert_num_queries(6):
        again = client.get(LIST)

    assert len(cards(client, LIST)) == 30
    assert again.status_code == 200


# --- The calendar's entries (events.cards.with_calendar_entries) ----------------------------


def entries(client, path):
    """The calendar's entries of its events, by the event's address."""
    body = client.get(path).content.decode()
    found = re.findall(r'<li(?: class="is-cancelled")?><time datetime=.*?</li>', body, re.S)
    return {re.search(r'href="([^"]+)"', entry).group(1): entry for entry in found}


def test_a_calendar_entry_shows_a_cancellation_and_the_zone_chosen(
    client, commemoration, organization, member
):
    event = approved(commemoration, organization, "Lecture", local(2024, 1, 21, 18), "UTC")
    url = event.get_absolute_url()
    (before,) = entries(client, "/calendar/2024/1/").values()
    services.cancel_event(event, by=member, reason="The hall is closed.")
    (after,) = entries(client, "/calendar/2024/1/").values()
    (tokyo,) = entries(client, "/calendar/2024/1/?tz=Asia/Tokyo").values()

    assert "is-cancelled" not in before
    assert after.startswith('<li class="is-cancelled">') and url in after
    assert '<time datetime="2024-01-21T18:00:00+00:00">' in after
    assert '<time datetime="2024-01-22T03:00:00+09:00">' in tokyo


def test_a_kept_calendar_table_is_the_one_of_its_language_and_its_days(
    client, commemoration, organization, member
):
    event = approved(commemoration, organization, "Lecture", local(2024, 1, 21, 18), "UTC")
    english = client.get(CALENDAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get(CALENDAR, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    services.cancel_event(event, by=member, reason="The hall is closed.")
    public_data_changed()
    cancelled = client.get(CALENDAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<caption>January 2024</caption>" in english
    assert "<caption>enero de 2024</caption>" in spanish
    assert '<span class="day-name">Sunday</span>' in english
    assert '<span class="day-name">domingo</span>' in spanish
    assert '<li class="is-cancelled">' in cancelled
    assert '<li class="is-cancelled">' not in english
