"""The event list: where it opens, each filter, removable filters, errors, pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from tests.factories import CoOrganizerFactory, EventFactory, OrganizationFactory, local
from tests.public.conftest import S, listed_titles


@pytest.fixture
def varied_events(commemoration, organization, other_organization):
    """Four approved events that differ in every filtered property."""
    return {
        "paris": EventFactory(
            commemoration=commemoration,
            organization=organization,
            title="Paris lecture on imperialism",
            kind="lecture",
            country="FR",
            city="Paris",
            languages=["fr"],
            starts_at=local(2024, 1, 21, 18, zone="Europe/Paris"),
            status=S.APPROVED,
        ),
        "berlin": EventFactory(
            commemoration=commemoration,
            organization=other_organization,
            title="Berlin rally",
            kind="rally",
            country="DE",
            city="Berlin",
            timezone="Europe/Berlin",
            languages=["de", "en"],
            starts_at=local(2024, 1, 20, 11, zone="Europe/Berlin"),
            status=S.APPROVED,
        ),
        "online": EventFactory(
            commemoration=commemoration,
            organization=other_organization,
            title="International online meeting",
            kind="online_meeting",
            country="",
            city="",
            online_url="https://meet.example.org/lenin",
            languages=["en"],
            timezone="UTC",
            starts_at=local(2024, 2, 3, 15, zone="UTC"),
            status=S.APPROVED,
        ),
        "quito": EventFactory(
            commemoration=commemoration,
            organization=OrganizationFactory(name="Party of Ecuador", slug="ec", country="EC"),
            title="Quito film screening",
            kind="film",
            country="EC",
            city="Quito",
            timezone="America/Guayaquil",
            languages=["es"],
            starts_at=local(2024, 3, 8, 19, zone="America/Guayaquil"),
            status=S.APPROVED,
        ),
    }


ALL_IN_ORDER = [
    "Berlin rally",
    "Paris lecture on imperialism",
    "International online meeting",
    "Quito film screening",
]


def test_list_opens_on_the_archive_once_the_window_has_passed(client, varied_events):
    response = client.get("/events/")
    assert listed_titles(response) == ALL_IN_ORDER
    assert response.context["start"] == datetime.date(2024, 1, 1)
    assert response.context["is_archive"] is True
    assert "has ended: here are its events from Jan. 1, 2024, as an archive." in (
        response.content.decode()
    )


def test_list_opens_on_what_is_coming_while_the_commemoration_runs(
    client, running_commemoration, organization
):
    today = timezone.localdate()
    now = timezone.now()
    EventFactory(
        commemoration=running_commemoration,
        organization=organization,
        title="Last week",
        starts_at=now - datetime.timedelta(days=7),
        status=S.APPROVED,
    )
    EventFactory(
        commemoration=running_commemoration,
        organization=organization,
        title="Next week",
        starts_at=now + datetime.timedelta(days=7),
        status=S.APPROVED,
    )
    response = client.get("/events/")
    assert listed_titles(response) == ["Next week"]
    assert response.context["start"] == today
    assert response.context["is_archive"] is False
    # Earlier events stay one click away.
    earlier = client.get("/events/", {"starts_after": running_commemoration.starts_on})
    assert listed_titles(earlier) == ["Last week", "Next week"]


def test_list_groups_events_by_their_local_day(client, varied_events):
    content = client.get("/events/").content.decode()
    assert content.index('id="day-2024-01-20"') < content.index("Berlin rally")
    assert content.index("Berlin rally") < content.index('id="day-2024-01-21"')
    assert "Saturday, Jan. 20, 2024" in content


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"country": "FR"}, ["Paris lecture on imperialism"]),
        ({"country": "fr,de"}, ["Berlin rally", "Paris lecture on imperialism"]),
        ({"kind": "rally"}, ["Berlin rally"]),
        ({"kind": ["film", "rally"]}, ["Berlin rally", "Quito film screening"]),
        ({"organization": "workers-party"}, ["Paris lecture on imperialism"]),
        ({"language": "en"}, ["Berlin rally", "International online meeting"]),
        ({"online": "true"}, ["International online meeting"]),
        (
            {"online": "false"},
            ["Berlin rally", "Paris lecture on imperialism", "Quito film screening"],
        ),
        ({"starts_after": "2024-01-21"}, ALL_IN_ORDER[1:]),
        ({"starts_before": "2024-01-21"}, ALL_IN_ORDER[:2]),
        (
            {"starts_after": "2024-01-21", "starts_before": "2024-02-03"},
            ["Paris lecture on imperialism", "International online meeting"],
        ),
        ({"q": "quito"}, ["Quito film screening"]),
        ({"q": "lecture imperialism"}, ["Paris lecture on imperialism"]),
        ({"around": "2024-01-21", "days": "1"}, ALL_IN_ORDER[:2]),
        ({"commemoration": "lenin-centenary"}, ALL_IN_ORDER),
    ],
)
def test_each_filter_narrows_the_list(client, varied_events, query, titles):
    response = client.get("/events/", query)
    assert response.status_code == 200
    assert listed_titles(response) == titles
    assert response.context["page"].paginator.count == len(titles)


def test_organization_filter_includes_co_organized_events(client, varied_events, organization):
    CoOrganizerFactory(event=varied_events["berlin"], organization=organization)
    response = client.get("/events/", {"organization": "workers-party"})
    assert listed_titles(response) == ["Berlin rally", "Paris lecture on imperialism"]


def test_filtered_list_links_its_ics_feed_with_the_same_query(client, varied_events):
    content = client.get("/events/", {"country": "FR", "kind": "lecture"}).content.decode()
    assert 'href="/events.ics?country=FR&amp;kind=lecture"' in content
    assert 'href="webcal://testserver/events.ics?country=FR&amp;kind=lecture"' in content
    assert 'href="/events/feed.atom?country=FR&amp;kind=lecture"' in content


def test_each_active_filter_links_to_the_list_without_it(client, varied_events, organization):
    response = client.get("/events/", {"country": "FR", "kind": "lecture", "q": "Paris"})
    active = {
        f["name"]: (str(f["value"]), f["remove_query"]) for f in response.context["active_filters"]
    }
    assert active == {
        "country": ("France", "kind=lecture&q=Paris"),
        "kind": ("Lecture or talk", "country=FR&q=Paris"),
        "q": ("Paris", "country=FR&kind=lecture"),
    }
    content = response.content.decode()
    assert 'href="/events/?kind=lecture&amp;q=Paris"' in content
    assert "Country: France" in content


def test_active_filter_removal_drops_the_page_number(client, varied_events):
    response = client.get("/events/", {"country": "FR", "page": "2"})
    [active] = response.context["active_filters"]
    assert active["remove_query"] == ""


def test_filter_form_keeps_the_values_given(client, varied_events):
    content = client.get(
        "/events/", {"q": "Paris", "country": "FR", "online": "false", "starts_after": "2024-01-02"}
    ).content.decode()
    assert 'name="q" value="Paris"' in content
    assert '<option value="FR" selected>France</option>' in content
    assert '<option value="false" selected>In person</option>' in content
    assert 'name="starts_after" value="2024-01-02"' in content


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"starts_after": "21/01/2024"}, "starts_after", "Enter a date (YYYY-MM-DD)"),
        ({"country": "XX"}, "country", "Select a valid choice. XX is not one of"),
        ({"kind": "picnic"}, "kind", "Select a valid choice. picnic is not one of"),
        ({"organization": "nobody"}, "organization", "Select a valid choice."),
        ({"language": "zz"}, "language", "Select a valid choice. zz is not one of"),
        ({"days": "-3", "around": "2024-01-21"}, "days", "greater than or equal to 0"),
    ],
)
def test_invalid_filter_shows_the_error_and_no_events(client, varied_events, query, field, message):
    response = client.get("/events/", query)
    content = response.content.decode()
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Some filters could not be understood." in content
    assert f'href="#id_{field}"' in content
    assert listed_titles(response) == []


def test_invalid_filter_keeps_what_was_typed(client, varied_events):
    response = client.get("/events/", {"q": "Paris", "starts_after": "soon"})
    content = response.content.decode()
    assert 'name="q" value="Paris"' in content
    assert 'name="starts_after" value="soon"' in content


def test_empty_result_explains_and_offers_a_way_back(client, varied_events):
    response = client.get("/events/", {"q": "nothing-matches-this"})
    content = response.content.decode()
    assert listed_titles(response) == []
    assert "No events match these filters." in content
    assert '<a href="/events/">Show all events</a>' in content


def test_list_is_paginated_keeping_the_filters(client, commemoration, organization):
    for day in range(1, 29):
        for hour in (10, 12):
            EventFactory(
                commemoration=commemoration,
                organization=organization,
                title=f"Event {day:02}-{hour}",
                starts_at=local(2024, 2, day, hour, zone="Europe/Paris"),
                status=S.APPROVED,
            )
    first = client.get("/events/", {"country": "FR"})
    assert len(listed_titles(first)) == 50
    assert 'href="?country=FR&amp;page=2"' in first.content.decode()
    second = client.get("/events/", {"country": "FR", "page": "2"})
    assert listed_titles(second) == [
        "Event 26-10",
        "Event 26-12",
        "Event 27-10",
        "Event 27-12",
        "Event 28-10",
        "Event 28-12",
    ]
    assert "Page 2 of 2" in second.content.decode()


def test_hidden_parameters_are_resubmitted_by_the_form(client, varied_events):
    content = client.get(
        "/events/", {"commemoration": "lenin-centenary", "around": "2024-01-21"}
    ).content.decode()
    assert '<input type="hidden" name="commemoration" value="lenin-centenary">' in content
    assert '<input type="hidden" name="around" value="2024-01-21">' in content


def test_every_filter_in_use_is_shown_with_a_link_without_it(client, varied_events):
    query = {
        "q": "imperialism",
        "starts_after": "2024-01-01",
        "starts_before": "2024-01-31",
        "country": "FR",
        "kind": "lecture",
        "organization": "workers-party",
        "language": "fr",
        "online": "false",
        "commemoration": "lenin-centenary",
    }
    response = client.get("/events/", query)
    assert listed_titles(response) == ["Paris lecture on imperialism"]
    active = {f["name"]: f["remove_query"] for f in response.context["active_filters"]}
    assert set(active) == set(query)
    content = response.content.decode()
    for name, remove_query in active.items():
        rest = {key: value for key, value in query.items() if key != name}
        assert QueryDict(remove_query).dict() == rest, name
        assert f'href="/events/?{remove_query.replace("&", "&amp;")}"' in content, name
        # Without that one filter, the list is no narrower than with it.
        assert "Paris lecture on imperialism" in listed_titles(
            client.get(f"/events/?{remove_query}")
        )


def test_list_sorted_by_distance_gives_each_day_heading_its_own_id(
    client, commemoration, organization
):
    """Nearest first, a day comes back further down: two headings, never one id twice."""
    for title, day, latitude, longitude in [
        ("Paris lecture", 21, "48.8566", "2.3522"),
        ("Brussels rally", 20, "50.8503", "4.3517"),
        ("Berlin meeting", 21, "52.5200", "13.4050"),
    ]:
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            title=title,
            timezone="Europe/Paris",
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
            starts_at=local(2024, 1, day, 18, zone="Europe/Paris"),
            status=S.APPROVED,
        )

    response = client.get("/events/", {"near": "48.85,2.35", "radius": "2000", "sort": "distance"})
    content = response.content.decode()

    assert response.status_code == 200
    assert listed_titles(response) == ["Paris lecture", "Brussels rally", "Berlin meeting"]
    ids = re.findall(r'<h2 id="(day-[^"]+)">', content)
    assert ids == ["day-2024-01-21-1", "day-2024-01-20-2", "day-2024-01-21-3"]
    labelled = re.findall(r'<section class="day" aria-labelledby="([^"]+)">', content)
    assert labelled == ids
