"""Whatever the query string, the list, the calendar, the .ics feed and the API answer 200
or 400, never a server error; and one query gives the same events in the feed and the API.

Hypothesis draws the query strings: the filters' names with values that fit them, values
that almost do, and any text at all.
"""

import datetime
from urllib.parse import urlencode

import icalendar
import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.filters import EventFilter
from events.models import Event
from tests.factories import EventFactory, OrganizationFactory, local

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same cases on every run, so that CI is repeatable
    database=None,
    # The events are made once per test; each example only reads them.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PATHS = ["/events/", "/calendar/2024/1/", "/events.ics", "/api/v1/events/"]

# Any text a URL can carry (no lone surrogates, which no encoding can send).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
DATES = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str)
MOMENTS = st.builds(
    lambda day, hour, minute, offset: f"{day}T{hour:02}:{minute:02}{offset}",
    DATES,
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["Z", "+01:00", "-05:00", "+14:00", "-12:00", "", "+25:00"]),
)
NEAR_VALUES = {
    "starts_after": DATES | MOMENTS,
    "starts_before": DATES | MOMENTS,
    "updated_since": DATES | MOMENTS,
    "around": DATES,
    "days": st.integers(-2, 400).map(str),
    "country": st.lists(st.sampled_from(["FR", "fr", "DE", "EC", "XX", ""]), max_size=3).map(
        ",".join
    ),
    "kind": st.lists(st.sampled_from(["lecture", "rally", "film", "picnic"]), max_size=3).map(
        ",".join
    ),
    "organization": st.sampled_from(["workers-party", "other-party", "nobody", ""]),
    "language": st.sampled_from(["fr", "en", "de", "xx", ""]),
    "online": st.sampled_from(["true", "false", "1", "0", "maybe", ""]),
    "commemoration": st.sampled_from(["lenin-centenary", "nothing", ""]),
    "q": st.lists(st.sampled_from(["Paris", "lecture", "Berlin", "rally"]), max_size=12).map(
        " ".join
    ),
}
FILTERS = sorted(EventFilter.base_filters)
QUERIES = st.dictionaries(
    st.sampled_from(FILTERS) | ANY_TEXT,
    st.one_of(*(NEAR_VALUES.values()), ANY_TEXT),
    max_size=4,
)
# A filter with a value that fits it, so that many queries select some of the events.
FITTING_QUERIES = st.fixed_dictionaries(
    {}, optional={name: strategy for name, strategy in NEAR_VALUES.items()}
)


@pytest.fixture
def some_events(commemoration, organization, other_organization):
    """A few public events in several zones, kinds, countries and languages, and a draft."""
    for title, zone, day, fields in [
        ("Lecture in Paris", "Europe/Paris", 21, {"kind": "lecture", "country": "FR"}),
        ("Rally in Berlin", "Europe/Berlin", 20, {"kind": "rally", "country": "DE"}),
        ("Film in Quito", "America/Guayaquil", 22, {"kind": "film", "country": "EC"}),
        ("Online lecture", "Asia/Tokyo", 1, {"online_url": "https://meet.example.org/a"}),
    ]:
        EventFactory(
            commemoration=commemoration,
            organization=organization if day % 2 else other_organization,
            title=title,
            timezone=zone,
            starts_at=local(2024, 1, day, 18, zone=zone),
            status=Event.Status.APPROVED,
            languages=["en"] if "Online" in title else ["fr"],
            **fields,
        )
    EventFactory(commemoration=commemoration, title="A draft", status=Event.Status.DRAFT)
    OrganizationFactory(slug="nobody-at-all")


def _feed_titles(response):
    calendar = icalendar.Calendar.from_ical(response.getvalue())
    return sorted(str(component["SUMMARY"]) for component in calendar.walk("VEVENT"))


def _api_titles(client, query):
    response = client.get(f"/api/v1/events/?{urlencode({**query, 'page_size': 200})}")
    return response.status_code, sorted(row["title"] for row in response.json().get("results", []))


@PROPERTY_SETTINGS
@given(query=QUERIES)
def test_no_query_string_is_a_server_error(client, some_events, query):
    client.raise_request_exception = False
    encoded = urlencode(query, doseq=False)

    for path in PATHS:
        status = client.get(f"{path}?{encoded}").status_code
        assert status in (200, 400), (path, query, status)


@PROPERTY_SETTINGS
@given(query=FITTING_QUERIES)
def test_one_query_gives_the_same_events_in_the_feed_and_the_api(client, some_events, query):
    cache.clear()
    feed = client.get(f"/events.ics?{urlencode(query)}")
    api_status, api_titles = _api_titles(client, query)

    assert feed.status_code == api_status, query
    if api_status == 200:
        assert _feed_titles(feed) == api_titles, query
        assert "A draft" not in api_titles
        # The same query asked again gives the same events.
        assert _api_titles(client, query) == (200, api_titles)
