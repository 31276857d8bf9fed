"""bench/baseline.py writes, byte for byte, what the API writes for an anonymous caller.

The baseline is the floor bench/compare.py measures the API beside; the comparison means
something only while both answer the same bytes. The baseline reads the test database
through its own connection, so the events are committed (a transactional test).
"""

import datetime
import importlib.util
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from events.models import CoOrganizer, Event, EventReport, EventTranslation
from tests.api.test_event_representation import GIF
from tests.factories import (
    CoOrganizerFactory,
    EventFactory,
    EventReportFactory,
    EventTranslationFactory,
    OrganizationFactory,
    local,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the baseline speaks PostgreSQL's SQL through psycopg: the PostgreSQL run",
    ),
]

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "baseline.py"
AROUND = "starts_after=2024-01-14&starts_before=2024-01-28"
# (country, zone, city, latitude, longitude) of the events, in turn.
PLACES = [
    ("FR", "Europe/Paris", "Paris", Decimal("48.856600"), Decimal("2.352200")),
    ("EC", "America/Guayaquil", "Quito", Decimal("-0.180653"), Decimal("-78.467834")),
    ("DE", "Europe/Berlin", "Berlin", None, None),
    ("IN", "Asia/Kolkata", "Kolkata", Decimal("22.572600"), Decimal("88.363900")),
    ("TR", "Europe/Istanbul", "İstanbul", Decimal("41.008200"), Decimal("28.978400")),
]


def load_baseline():
    spec = importlib.util.spec_from_file_location("baseline", BASELINE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CountingCursor(psycopg.Cursor):
    """Notes every statement the baseline sends."""

    sent = []

    def execute(self, query, params=None, **kwargs):
        self.sent.append(query)
        return super().execute(query, params, **kwargs)


@pytest.fixture
def baseline():
    """The baseline's WSGI app on the test database, and a way to ask it."""
    settings = connection.settings_dict
    names = {
        "dbname": "NAME",
        "user": "USER",
        "password": "PASSWORD",
        "host": "HOST",
        "port": "PORT",
    }
    # The test database's name (test_…, per worker under xdist); what is unset, left out.
    connect = {key: settings[name] for key, name in names.items() if settings[name]}
    app = load_baseline().make_app({**connect, "cursor_factory": CountingCursor})
    statuses = []

    def get(address):
        path, _, query = address.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": "testserver",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
        }
        body = b"".join(app(environ, lambda status, headers: statuses.append(status)))
        return statuses[-1], body

    yield get
    app.close()  # else the test database cannot be dropped at the end


@pytest.fixture
def events(settings, tmp_path):
    """About twenty public events around 21 January 2024 as the API shows them: hosts in
    several countries, co-organizers (accepted, and one still asked), translations (live,
    and one waiting), posters, a cancellation, a report; and events it must not show."""
    settings.MEDIA_ROOT = tmp_path
    hosts = [
        OrganizationFactory(name="Parti ouvrier", slug="parti-ouvrier", country="FR"),
        OrganizationFactory(name="Juventud Revolucionaria", slug="juventud", kind="youth"),
        OrganizationFactory(name="Gewerkschaft Süd", slug="gewerkschaft", country="DE"),
    ]
    partners = [
        OrganizationFactory(name="Women's League", slug="womens-league", kind="women"),
        OrganizationFactory(name="Amis du centenaire", slug="amis", country=""),
    ]
    made = []
    for n in range(20):
        country, zone, city, latitude, longitude = PLACES[n % len(PLACES)]
        day = 13 + n % 17  # 13 to 29 January: some on each side of the window
        event = EventFactory(
            organization=hosts[n % len(hosts)],
            status=Event.Status.CANCELLED if n == 7 else Event.Status.APPROVED,
            title=f"Rassemblement « {n} » — {city}",
            summary=f"Event number {n}, with “quotes” and a line\nbreak.",
            description="" if n % 4 else "Longer text.\n\nSecond paragraph: 100% €.",
            kind=[Event.Kind.LECTURE, Event.Kind.RALLY, Event.Kind.CEREMONY][n % 3],
            starts_at=local(2024, 1, day, 9 + n % 11, 5 * (n % 12), zone),
            ends_at=local(2024, 1, day, 21, 30, zone),
            timezone=zone,
            city=city,
            country=country,
            venue="Hall" if n % 2 else "",
            latitude=latitude,
            longitude=longitude,
            online_url="https://meet.example.org/room" if n % 5 == 2 else "",
            languages=[["fr"], ["es", "en"], ["de"], ["en"], ["tr", "ru"]][n % 5],
            contact="events@example.org" if n % 3 else "",
            poster=SimpleUploadedFile(f"affiche {n}.gif", GIF, content_type="image/gif")
            if n % 4 == 1
            else "",
        )
        if n == 7:
            Event.objects.filter(pk=event.pk).update(cancellation_reason="The hall is closed.")
        if n % 3 == 0:
            CoOrganizerFactory(event=event, organization=partners[0])
            CoOrganizerFactory(event=event, organization=partners[1])
        if n % 3 == 1:
            CoOrganizerFactory(
                event=event, organization=partners[0], status=CoOrganizer.Status.PENDING
            )
        if n % 2 == 0:
            # An English version: what an anonymous caller (no language asked) is shown.
            EventTranslationFactory(event=event, language="en", title=f"Rally {n}", reviewed=True)
        if n % 4 == 0:
            EventTranslationFactory(event=event, language="ar", title=f"تجمع {n}")
        if n % 5 == 3:
            EventTranslationFactory(
                event=event, language="es", status=EventTranslation.Status.WAITING
            )
        made.append(event)
    # Near the meridian and the equator: coordinates below 1e-4 (written 1e-05), and the
    # line and paragraph separators DRF escapes.
    made.append(
        EventFactory(
            organization=hosts[1],
            status=Event.Status.APPROVED,
            title="Null Island\u2028meeting",
            summary="One line\u2029another.",
            starts_at=local(2024, 1, 20, 10, 0, "Africa/Accra"),
            ends_at=local(2024, 1, 20, 12, 0, "Africa/Accra"),
            timezone="Africa/Accra",
            city="Accra",
            country="GH",
            latitude=Decimal("0.000010"),
            longitude=Decimal("-0.000090"),
            languages=["en"],
        )
    )
    EventReportFactory(event=made[1], status=EventReport.Status.APPROVED, participants=250)
    EventReportFactory(event=made[5], status=EventReport.Status.SUBMITTED)
    # Never shown: a draft, a submitted event, one rejected, in the window and in France.
    for status in (Event.Status.DRAFT, Event.Status.SUBMITTED, Event.Status.REJECTED):
        EventFactory(organization=hosts[0], status=status)
    return made


def addresses(events):
    lists = [
        f"/api/v1/events/?{AROUND}&page_size=50",
        f"/api/v1/events/?{AROUND}&page_size=5",
        f"/api/v1/events/?{AROUND}&page_size=5&page=2",
        f"/api/v1/events/?{AROUND}&page_size=5&page=3",
        f"/api/v1/events/?page=2&{AROUND}&page_size=7",
        f"/api/v1/events/?{AROUND}",
        "/api/v1/events/?country=FR&page_size=50",
        "/api/v1/events/?country=EC&page_size=50",
        "/api/v1/events/?country=DE&page_size=2",
        "/api/v1/events/?country=DE&page_size=2&page=2",
        "/api/v1/events/?country=tr,in&page_size=50",
        "/api/v1/events/?country=CU&page_size=50",
        "/api/v1/events/?country=GH&page_size=50",
    ]
    details = [f"/api/v1/events/{event.pk}/" for event in [*events[:8], events[-1]]]
    return lists + details


def test_the_baseline_writes_the_apis_bytes_for_every_request(client, baseline, events):
    compared = addresses(events)
    assert len(compared) >= 15
    for address in compared:
        ours = client.get(address)
        status, floor = baseline(address)
        assert ours.status_code == 200, address
        assert status == "200 OK", address
        assert floor == ours.content, address


def test_the_baseline_sends_one_query_and_a_list_its_count_besides(baseline, events):
    for address, statements in [
        (f"/api/v1/events/?{AROUND}&page_size=5&page=2", 2),
        ("/api/v1/events/?country=FR&page_size=50", 2),
        (f"/api/v1/events/{events[3].pk}/", 1),
    ]:
        CountingCursor.sent.clear()

        assert baseline(address)[0] == "200 OK"

        assert len(CountingCursor.sent) == statements, address
    assert CountingCursor.sent[0].lstrip().startswith("SELECT e.id")


def test_the_comparison_covers_what_the_api_shows(client, events):
    # The requests above meet every shape the baseline has to get right.
    body = client.get(f"/api/v1/events/?{AROUND}&page_size=50").json()
    results = body["results"]
    assert body["count"] == len(results) == 18  # not the 13th nor the 29th, nor drafts
    assert {row["language"] for row in results} == {"en", "es", "fr", "de", "tr"}
    assert any(row["co_organizers"] for row in results)
    assert any(row["poster"] for row in results)
    assert any(row["report"] for row in results)
    assert any(row["translations"].get("ar") for row in results)
    assert {"latitude": 1e-05, "longitude": -9e-05} in [
        {"latitude": row["latitude"], "longitude": row["longitude"]} for row in results
    ]
    assert {row["status"] for row in results} == {"approved", "cancelled"}
    assert {row["starts_at"][-6:] for row in results} == {
        "+00:00",
        "+01:00",
        "-05:00",
        "+05:30",
        "+03:00",
    }
    assert all(row["local_date"] >= "2024-01-14" for row in results)
    assert datetime.date.fromisoformat(results[-1]["local_date"]) <= datetime.date(2024, 1, 28)


def test_a_page_past_the_last_is_a_404_in_both(client, baseline, events):
    address = f"/api/v1/events/?{AROUND}&page_size=50&page=2"

    status, floor = baseline(address)

    assert client.get(address).status_code == 404
    assert status == "404 Not Found"
    assert floor == client.get(address).content
