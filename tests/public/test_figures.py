"""/figures/: each number checked against counts made by hand from the events below.

Counted: the current commemoration's approved events (public, not cancelled), as the home
page's key figures; participants from approved reports on those events. Never counted:
drafts, submissions, rejected and cancelled events, unapproved reports, another
commemoration's events.
"""

import csv
import datetime
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, EventReport
from tests.factories import (
    CommemorationFactory,
    CoOrganizerFactory,
    EventFactory,
    EventReportFactory,
    OrganizationFactory,
    local,
)

S = Event.Status
R = EventReport.Status
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def events(commemoration, organization, other_organization):
    """Workers' Party (FR) hosts three held events, Other Party (DE) one and co-organizes
    one, Youth of Ecuador one; the rest must never be counted."""
    youth = OrganizationFactory(name="Youth of Ecuador", slug="youth-ec", country="EC")

    def event(status, day, kind, host, country="FR", zone="Europe/Paris", **fields):
        return EventFactory(
            commemoration=commemoration,
            organization=host,
            status=status,
            kind=kind,
            timezone=zone,
            starts_at=local(*day, 18, zone=zone),
            country=country,
            **fields,
        )

    lecture = event(S.APPROVED, (2024, 1, 21), Event.Kind.LECTURE, organization)
    rally_fr = event(S.APPROVED, (2024, 1, 20), Event.Kind.RALLY, organization)
    # A co-organizer that accepted: the only kind shown as the event's.
    CoOrganizerFactory(event=rally_fr, organization=other_organization)
    rally_de = event(
        S.APPROVED, (2024, 1, 21), Event.Kind.RALLY, other_organization, "DE", "Europe/Berlin"
    )
    film = event(S.APPROVED, (2024, 3, 10), Event.Kind.FILM, youth, "EC", "America/Guayaquil")
    event(
        S.APPROVED,
        (2024, 2, 1),
        Event.Kind.LECTURE,
        organization,
        country="",
        city="",
        online_url="https://meet.example.org/lenin",
    )
    cancelled = event(S.CANCELLED, (2024, 1, 21), Event.Kind.LECTURE, organization)
    for status in (S.DRAFT, S.SUBMITTED, S.REJECTED):
        event(status, (2024, 1, 21), Event.Kind.CEREMONY, other_organization, "DE")
    other = CommemorationFactory(
        slug="october",
        anchor_date=datetime.date(2017, 11, 7),
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2017, 12, 31),
        is_current=False,
    )
    EventFactory(
        commemoration=other,
        organization=organization,
        status=S.APPROVED,
        starts_at=local(2017, 11, 7, 18, zone="Europe/Paris"),
    )

    EventReportFactory(event=lecture, participants=120, status=R.APPROVED)
    EventReportFactory(event=rally_de, participants=80, status=R.APPROVED)
    EventReportFactory(event=rally_fr, participants=500, status=R.SUBMITTED)
    EventReportFactory(event=film, participants=50, status=R.REJECTED)
    # Approved before the event was cancelled: the cancelled event is not counted.
    EventReportFactory(event=cancelled, participants=1000, status=R.APPROVED)


# By hand, from the fixture above.
EXPECTED = {
    "countries": [("France", 2), ("Ecuador", 1), ("Germany", 1), ("No country given", 1)],
    "kinds": [("Lecture or talk", 2), ("Rally or march", 2), ("Film screening", 1)],
    "organizations": [("Workers' Party", 3), ("Other Party", 2), ("Youth of Ecuador", 1)],
    "participants-by-country": [("France", 120), ("Germany", 80)],
    "participants-by-kind": [("Lecture or talk", 120), ("Rally or march", 80)],
}
DAYS = {datetime.date(2024, 1, 20): 1, datetime.date(2024, 1, 21): 2, datetime.date(2024, 2, 1): 1}
MONTHS = {1: 3, 2: 1, 3: 1}


def section(page, name):
    match = re.search(rf'<section class="figure-section" id="{name}".*?</section>', page, re.S)
    assert match, f"no section {name}"
    return match.group(0)


def table_rows(fragment):
    rows = re.findall(
        r'<tr(?: class="highlight")?><th scope="row">(.*?)</th><td class="number">([\d,]+)</td>',
        fragment,
    )
    return [(html.unescape(label), int(value.replace(",", ""))) for label, value in rows]


def chart(fragment):
    """The section's SVG, parsed as XML: (its title, [(bar label, value)])."""
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", fragment, re.S).group(0))
    bars = []
    for group in svg.iter(f"{SVG}g"):
        label, _sep, value = group.find(f"{SVG}title").text.rpartition(": ")
        bars.append((label, int(value.replace(",", ""))))
    return svg.find(f"{SVG}title").text, bars


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_table_counts_only_held_events_and_approved_reports(client, events, name):
    page = client.get("/figures/").content.decode()
    fragment = section(page, name)

    assert table_rows(fragment) == EXPECTED[name]
    title, bars = chart(fragment)
    assert bars == EXPECTED[name]
    assert f'<caption id="{name}-caption">{title}</caption>' in html.unescape(fragment)


def test_days_run_from_two_weeks_before_the_anchor_to_two_weeks_after(client, events):
    fragment = section(client.get("/figures/").content.decode(), "days")

    first = datetime.date(2024, 1, 7)
    days = [first + datetime.timedelta(days=n) for n in range(29)]
    expected = [DAYS.get(day, 0) for day in days]
    assert [value for _label, value in table_rows(fragment)] == expected
    assert [value for _label, value in chart(fragment)[1]] == expected
    assert table_rows(fragment)[14] == ("Jan. 21, 2024", 2)
    assert '<tr class="highlight"><th scope="row">Jan. 21, 2024</th>' in fragment


def test_months_cover_the_window(client, events):
    fragment = section(client.get("/figures/").content.decode(), "months")

    expected = [MONTHS.get(month, 0) for month in range(1, 13)]
    assert [value for _label, value in table_rows(fragment)] == expected
    assert [label for label, _value in table_rows(fragment)][:2] == [
        "January 2024",
        "February 2024",
    ]
    assert [value for _label, value in chart(fragment)[1]] == expected


def test_key_figures_match_the_home_page(client, events):
    figures = client.get("/figures/").context["key"]
    home = client.get("/").context["figures"]

    assert (
        figures
        == home
        == {
            "events": 5,
            "cancelled": 1,
            "countries": 3,
            "organizations": 3,
            "on_anchor_day": 2,
        }
    )
    assert client.get("/figures/").context["participants"] == 200


def test_the_page_says_what_it_counts(client, events):
    page = client.get("/figures/").content.decode()

    assert "Counted from the public events that are not cancelled" in page
    assert "Events waiting for moderation and cancelled events are not counted." in page


def test_every_svg_parses_and_names_itself(client, events):
    page = client.get("/figures/").content.decode()

    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) == 7
    for text in svgs:
        svg = ET.fromstring(text)
        title = svg.find(f"{SVG}title")
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{title.get('id')} {svg.find(f'{SVG}desc').get('id')}"
        assert title.text
    assert len(re.findall(r"<table", page)) == 7
    # The charts need no script: the only one is the header's menu, on every page.
    assert "style=" not in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/site-menu.js" defer>']


def test_a_chart_is_also_served_as_an_svg_image(client, events):
    response = client.get("/figures/countries.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = ET.fromstring(response.content)
    assert svg.find(f"{SVG}title").text == "Events by country"
    bars = [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g")]
    assert bars == ["France: 2", "Ecuador: 1", "Germany: 1", "No country given: 1"]


def test_svg_numbers_stay_readable_on_a_french_page(client, events):
    client.cookies["django_language"] = "fr"
    page = client.get("/figures/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    for text in re.findall(r"<svg.*?</svg>", page, re.S):
        svg = ET.fromstring(text)
        for rect in svg.iter(f"{SVG}rect"):
            for name in ("x", "y", "width", "height"):
                float(rect.get(name))  # "12,5" would raise


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "countries",
            [
                ["country", "name", "events"],
                ["FR", "France", "2"],
                ["EC", "Ecuador", "1"],
                ["DE", "Germany", "1"],
                ["", "No country given", "1"],
            ],
        ),
        (
            "organizations",
            [
                ["organization", "name", "events"],
                ["workers-party", "Workers' Party", "3"],
                ["other-party", "Other Party", "2"],
                ["youth-ec", "Youth of Ecuador", "1"],
            ],
        ),
        (
            "participants-by-kind",
            [
                ["kind", "name", "participants"],
                ["lecture", "Lecture or talk", "120"],
                ["rally", "Rally or march", "80"],
            ],
        ),
    ],
)
def test_each_table_is_a_csv_file(client, events, name, expected):
    response = client.get(f"/figures/{name}.csv")

    assert csv_rows(response) == expected
    assert response["Content-Disposition"] == f'attachment; filename="lenin-centenary-{name}.csv"'


def test_the_days_csv_has_a_row_per_day(client, events):
    rows = csv_rows(client.get("/figures/days.csv"))

    assert rows[0] == ["date", "label", "events"]
    assert len(rows) == 1 + 29
    assert rows[15] == ["2024-01-21", "Jan. 21, 2024", "2"]
    assert rows[26] == ["2024-02-01", "Feb. 1, 2024", "1"]


def test_an_unknown_table_is_not_found(client, events):
    assert client.get("/figures/nothing.csv").status_code == 404
    assert client.get("/figures/nothing.svg").status_code == 404


def test_the_largest_rows_are_shown_and_the_csv_has_them_all(client, commemoration):
    for n in range(25):
        EventFactory(
            commemoration=commemoration,
            organization=OrganizationFactory(slug=f"org-{n:02d}"),
            status=S.APPROVED,
        )

    fragment = section(client.get("/figures/").content.decode(), "organizations")

    assert len(table_rows(fragment)) == len(chart(fragment)[1]) == 20
    assert "The 20 largest are shown; 5 more are in the CSV file." in fragment
    assert len(csv_rows(client.get("/figures/organizations.csv"))) == 1 + 25


def test_without_a_commemoration_the_page_says_so(client, db):
    response = client.get("/figures/")

    assert response.status_code == 200
    assert "No commemoration has been announced yet." in response.content.decode()
    assert client.get("/figures/countries.csv").status_code == 404


# --- For the committee ------------------------------------------------------------------


@pytest.fixture
def idle(commemoration, events):
    """Japan's party has nothing; the US party only a draft, which counts as registered."""
    japan = OrganizationFactory(name="Party of Japan", slug="jp", country="JP")
    us = OrganizationFactory(name="Party of America", slug="us", country="US")
    EventFactory(commemoration=commemoration, organization=us, status=S.DRAFT, country="US")
    return japan


def test_the_committee_sees_who_has_registered_nothing(moderator_client, idle):
    page = moderator_client.get("/figures/").content.decode()

    assert 'id="committee"' in page
    organizations = re.search(
        r'<table class="figure-table" id="idle-organizations">.*?</table>', page, re.S
    )
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', organizations.group(0))
    assert names == ["Party of Japan"]
    countries = re.search(
        r'<table class="figure-table" id="idle-countries">.*?</table>', page, re.S
    )
    assert table_rows(countries.group(0)) == [("Japan", 1)]
    assert "1 organization has registered nothing yet" in page


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_committee_lists_are_absent_for_others(client, member, idle, who):
    if who == "member":
        client.force_login(member)

    page = client.get("/figures/").content.decode()

    assert 'id="committee"' not in page
    assert "Party of Japan" not in page
    assert "registered nothing" not in page


# --- Bounded ------------------------------------------------------------------------------


def many_events(commemoration, count):
    organizations = [OrganizationFactory(country=c) for c in ("FR", "DE", "EC", "JP")]
    for n in range(count):
        event = EventFactory(
            commemoration=commemoration,
            organization=organizations[n % 4],
            country=organizations[n % 4].country,
            kind=list(Event.Kind)[n % len(Event.Kind)],
            starts_at=local(2024, 1 + n % 12, 1 + n % 28, 18, zone="Europe/Paris"),
            status=S.APPROVED,
        )
        CoOrganizerFactory(event=event, organization=organizations[(n + 1) % 4])
        if n % 3 == 0:
            EventReportFactory(event=event, status=R.APPROVED, participants=n)


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(
    client, commemoration, django_assert_max_num_queries
):
    many_events(commemoration, 10)
    few = queries_for(client, "/figures/")
    many_events(commemoration, 60)

    with django_assert_max_num_queries(11):
        assert client.get("/figures/").status_code == 200
    assert queries_for(client, "/figures/") == few


def test_the_committees_page_runs_a_fixed_number_of_queries(
    moderator_client, commemoration, django_assert_max_num_queries
):
    many_events(commemoration, 10)
    OrganizationFactory.create_batch(5, country="IT")
    few = queries_for(moderator_client, "/figures/")
    many_events(commemoration, 60)
    OrganizationFactory.create_batch(20, country="PT")

    with django_assert_max_num_queries(17):
        assert moderator_client.get("/figures/").status_code == 200
    assert queries_for(moderator_client, "/figures/") == few


def test_a_csv_file_runs_two_queries(client, commemoration, django_assert_max_num_queries):
    many_events(commemoration, 40)

    for name in ("countries", "kinds", "organizations", "days", "months", "participants-by-kind"):
        with django_assert_max_num_queries(2):
            assert client.get(f"/figures/{name}.csv").status_code == 200


# --- Found from elsewhere -----------------------------------------------------------------


def test_the_navigation_and_the_home_pages_key_figures_link_to_the_figures(client, commemoration):
    page = client.get("/").content.decode()

    assert '<li><a href="/figures/">Figures</a></li>' in page
    figures = re.search(r'<section class="figures".*?</section>', page, re.S).group(0)
    assert '<a href="/figures/">' in figures
    assert 'href="/figures/" aria-current="page"' in client.get("/figures/").content.decode()


def test_an_organization_that_has_not_accepted_is_not_counted_as_co_organizing(
    client, commemoration
):
    from events.models import CoOrganizer

    host = OrganizationFactory(name="Host party")
    event = EventFactory(organization=host, commemoration=commemoration, status=S.APPROVED)
    for name, answer in (("Asked party", "pending"), ("Refusing party", "declined")):
        CoOrganizerFactory(event=event, organization=OrganizationFactory(name=name), status=answer)
    CoOrganizerFactory(
        event=event,
        organization=OrganizationFactory(name="Partner party"),
        status=CoOrganizer.Status.ACCEPTED,
    )

    rows = csv_rows(client.get("/figures/organizations.csv"))

    assert sorted(row[1:] for row in rows[1:]) == [["Host party", "1"], ["Partner party", "1"]]
