"""Many events at once from a CSV file or an iCalendar file: parse, preview, import.

A file is parsed twice: for the preview (nothing saved) and again on confirmation, from
the ImportBatch that keeps it. Each row becomes the `data` that create_event() takes, and
is checked by services.check_creation(), the rules of the member form; an error is kept by
the column it comes from, so that the preview shows it beside its cell. The import itself
is one transaction through create_event() and transition_event(): all valid rows or none.
It runs in the queue's worker, not in the request (2,000 rows take longer than a request
may): confirm() marks the batch and enqueues run_import; the report page waits for it.

The CSV's columns are the public ones of the committee's export (events/admin.py), so a
file exported, edited and imported again works. Its rows are read one at a time
(csv.reader over a text wrapper of the stored bytes); at most MAX_ROWS.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import icalendar
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries
from django_tasks import task

from events import flags, services
from events.csv_safety import writer as csv_writer
from events.languages import LANGUAGE_CODES
from events.models import Event, available_timezones
from events.timezones import country_timezone, wall_clock_to_utc

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = (
    "title",
    "summary",
    "description",
    "kind",
    "local_start",
    "local_end",
    "timezone",
    "venue",
    "address",
    "city",
    "country",
    "latitude",
    "longitude",
    "online_url",
    "languages",
    "contact",
)
REQUIRED_COLUMNS = ("title", "local_start", "local_end")
# The column of the file where each model field's error is shown.
COLUMN_OF = {"starts_at": "local_start", "ends_at": "local_end"}
TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "venue",
    "address",
    "city",
    "online_url",
    "contact",
)
DESCRIPTIONS = {
    "title": gettext_lazy("Required. At most 200 characters."),
    "summary": gettext_lazy("Required. One or two sentences, at most 300 characters."),
    "description": gettext_lazy("Optional. Any length the event form allows."),
    "kind": gettext_lazy("One of: %(kinds)s (the code or its name)."),
    "local_start": gettext_lazy("Required. As clocks show it at the place: 2024-01-21 18:30."),
    "local_end": gettext_lazy("Required. As clocks show it at the place: 2024-01-21 20:00."),
    "timezone": gettext_lazy("IANA zone such as Europe/Paris; empty: the country's main zone."),
    "venue": gettext_lazy("Optional. The hall, the square…"),
    "address": gettext_lazy("Optional."),
    "city": gettext_lazy("The city, or leave empty for an online event."),
    "country": gettext_lazy("ISO 3166 code of two letters (FR, EC…) or the country's name."),
    "latitude": gettext_lazy("Optional, with longitude: 48.85."),
    "longitude": gettext_lazy("Optional, with latitude: 2.35."),
    "online_url": gettext_lazy("Where to join online (https://…), or empty."),
    "languages": gettext_lazy("Language codes separated by spaces: es fr."),
    "contact": gettext_lazy("Optional: how to reach the organizers."),
}


class BadFile(Exception):
    """A file that cannot be read at all; nothing of it is imported."""


@dataclass
class Row:
    number: int
    cells: dict
    errors: dict = field(default_factory=dict)  # column (or "" for the row) → [messages]
    notes: list = field(default_factory=list)
    data: dict = field(default_factory=dict)
    recurrence: str = ""
    duplicates: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    def add_error(self, column, message):
        self.errors.setdefault(column if column in COLUMNS else "", []).append(str(message))

    @property
    def cell_list(self):
        """[(column, value, [errors])] in the columns' order, for the preview's table."""
        return [(name, self.cells.get(name, ""), self.errors.get(name, [])) for name in COLUMNS]

    @property
    def row_errors(self):
        return self.errors.get("", [])


def template_csv():
    """The documented template: the header, a line describing each column, an example."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(COLUMNS)
    kinds = ", ".join(Event.Kind.values)
    writer.writerow(
        [
            str(DESCRIPTIONS[name]) % {"kinds": kinds}
            if name == "kind"
            else str(DESCRIPTIONS[name])
            for name in COLUMNS
        ]
    )
    writer.writerow(
        [
            "Study circle on the appeal",
            "We read and discuss the conference's appeal.",
            "",
            Event.Kind.values[0],
            "2024-01-21 18:30",
            "2024-01-21 20:30",
            "Europe/Paris",
            "Workers' Hall",
            "1 rue de la Paix",
            "Paris",
            "FR",
            "",
            "",
            "",
            "fr",
            "",
        ]
    )
    return "\ufeff" + buffer.getvalue()


def kind_of_file(name, content):
    head = content[:2048].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if name.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
        return "ics"
    return "csv"


def check_file(name, content):
    """Refuse what is too big or not text; the kind of file ("csv" or "ics")."""
    if len(content) > MAX_BYTES:
        raise BadFile(_("The file is too big: at most 5 MB."))
    if b"\x00" in content:
        raise BadFile(_("This is not a CSV or iCalendar file (it holds binary data)."))
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadFile(
            _(
                "The file is not in UTF-8. Save it again as “CSV UTF-8” (in LibreOffice: "
                "character set Unicode (UTF-8)) and upload it again."
            )
        ) from None
    return kind_of_file(name, content)


# --- Reading --------------------------------------------------------------------------------


def rows_of(batch):
    """Every row of the batch's file, parsed and checked; raises BadFile."""
    content = bytes(batch.content)
    rows = _ics_rows(content, batch.organization) if batch.kind == "ics" else _csv_rows(content)
    rows = list(_checked(rows, batch))
    _mark_duplicates(rows, batch.organization)
    return rows


def _csv_rows(content):
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    try:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise BadFile(_("The file is empty."))
        header = [name.strip().lower() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise BadFile(
                _("This is not the template's CSV: the columns %(columns)s are missing.")
                % {"columns": ", ".join(missing)}
            )
        count = 0
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if _is_template_description(header, values):
                continue
            count += 1
            if count > MAX_ROWS:
                raise BadFile(
                    _("The file has more than %(count)d events: split it.") % {"count": MAX_ROWS}
                )
            cells = {
                name: value for name, value in zip(header, values, strict=False) if name in COLUMNS
            }
            yield Row(number=number, cells=cells)
    except csv.Error as error:
        raise BadFile(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from None


def _is_template_description(header, values):
    """The template's second line, which describes the columns, is not an event."""
    described = dict(zip(header, values, strict=False))
    return described.get("title", "") == str(DESCRIPTIONS["title"])


def _ics_rows(content, organization):
    try:
        calendar = icalendar.Calendar.from_ical(content.decode("utf-8-sig"))
    except (ValueError, IndexError, KeyError) as error:
        raise BadFile(
            _("The file cannot be read as iCalendar: %(error)s") % {"error": error}
        ) from None
    for number, component in enumerate(calendar.walk("VEVENT"), start=1):
        if number > MAX_ROWS:
            raise BadFile(
                _("The file has more than %(count)d events: split it.") % {"count": MAX_ROWS}
            )
        cells, row_errors = _vevent_cells(component, organization)
        row = Row(number=number, cells=cells)
        for column, message in row_errors:
            row.add_error(column, message)
        rrule = component.get("RRULE")
        if rrule is not None:
            row.recurrence = rrule.to_ical().decode()
        yield row


def _interface_language():
    code = (get_language() or "").split("-")[0]
    return code if code in LANGUAGE_CODES else ""


def _vevent_cells(component, organization):
    errors = []
    description = str(component.get("DESCRIPTION", "") or "")
    title = str(component.get("SUMMARY", "") or "")
    cells = {
        "title": title,
        "summary": (description.strip().split("\n")[0] or title)[:300],
        "description": description,
        "address": str(component.get("LOCATION", "") or ""),
        "city": organization.city if component.get("LOCATION") else "",
        "country": organization.country.code if component.get("LOCATION") else "",
        "online_url": str(component.get("URL", "") or ""),
        # iCalendar does not say which language an event speaks: the member's, to correct.
        "languages": _interface_language(),
    }
    for name, column in (("DTSTART", "local_start"), ("DTEND", "local_end")):
        prop = component.get(name)
        value = prop.dt if prop is not None else None
        if value is None and name == "DTEND" and component.get("DURATION") is not None:
            start = component.get("DTSTART")
            value = start.dt + component.get("DURATION").dt if start is not None else None
        if value is None:
            cells[column] = ""
            continue
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time())
        zone = ""
        if value.tzinfo is not None:
            zone = getattr(value.tzinfo, "key", "") or prop.params.get("TZID", "") if prop else ""
            if not zone and value.utcoffset() == datetime.timedelta(0):
                zone = "UTC"
            if zone not in available_timezones():
                errors.append(("timezone", _("Unknown time zone %(zone)s.") % {"zone": zone}))
                zone = ""
        cells[column] = value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
        if column == "local_start":
            cells["timezone"] = zone
    return cells, errors


# --- Checking -------------------------------------------------------------------------------


def _checked(rows, batch):
    kinds = {value.lower(): value for value in Event.Kind.values}
    kinds.update({str(label).lower(): value for value, label in Event.Kind.choices})
    for row in rows:
        _to_data(row, batch.organization, kinds)
        if row.recurrence and not _series_available():
            row.notes.append(_("repeats: not imported, only its first date"))
        elif row.recurrence:
            row.notes.append(
                _("repeats: imported as a series (%(rule)s)") % {"rule": row.recurrence}
            )
        if row.is_valid:
            try:
                services.check_creation(by=batch.created_by, data=row.data)
            except services.EditRefused as refused:
                for name, messages in _by_field(refused):
                    for message in messages:
                        row.add_error(COLUMN_OF.get(name, name), message)
            except PermissionDenied as denied:
                row.add_error("", denied)
        yield row


def _by_field(refused):
    if hasattr(refused, "error_dict"):
        return [
            (name, [m for e in errors for m in e.messages])
            for name, errors in refused.error_dict.items()
        ]
    return [("", refused.messages)]


def _to_data(row, organization, kinds):
    cells = {name: (row.cells.get(name) or "").strip() for name in COLUMNS}
    data = {"organization": organization}
    # Text is kept as typed (a formula stays text; the exports escape it).
    for name in TEXT_FIELDS:
        data[name] = cells[name]
    kind = cells["kind"]
    if kind:
        if kind.lower() in kinds:
            data["kind"] = kinds[kind.lower()]
        else:
            row.add_error("kind", _("Unknown kind “%(kind)s”.") % {"kind": kind})
    country = cells["country"]
    if country:
        code = country.upper() if country.upper() in dict(countries) else countries.by_name(country)
        if not code:
            row.add_error("country", _("Unknown country “%(country)s”.") % {"country": country})
        else:
            data["country"] = code
    data["city"], data["country"] = _resolve_place(data["city"], data.get("country", ""))
    zone = cells["timezone"] or country_timezone(data.get("country", "")) or "UTC"
    if zone not in available_timezones():
        row.add_error("timezone", _("Unknown time zone “%(zone)s”.") % {"zone": zone})
    else:
        data["timezone"] = zone
        for column, name in (("local_start", "starts_at"), ("local_end", "ends_at")):
            wall = _wall_clock(row, column, cells[column])
            if wall is None:
                continue
            try:
                data[name] = wall_clock_to_utc(wall, zone)
            except ValidationError as error:
                row.add_error(column, " ".join(error.messages))
    for name in ("latitude", "longitude"):
        if cells[name]:
            try:
                data[name] = Decimal(cells[name].replace(",", "."))
            except InvalidOperation:
                row.add_error(name, _("Not a number: “%(value)s”.") % {"value": cells[name]})
        else:
            data[name] = None
    languages = cells["languages"].replace(",", " ").split()
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    if unknown:
        row.add_error(
            "languages", _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    elif languages:
        data["languages"] = languages
    row.data = data


def _resolve_place(city, country):
    """The place as the gazetteer knows it, once events/places.py exists; as given until then."""
    try:
        from events.places import resolve  # noqa: PLC0415 (another branch adds it)
    except ImportError:
        return city, country
    place = resolve(city, country) if city and country else None
    if place is None:
        return city, country
    return getattr(place, "name", city) or city, getattr(place, "country_code", country) or country


def _wall_clock(row, column, value):
    if not value:
        row.add_error(column, _("Required: the date and time, for example 2024-01-21 18:30."))
        return None
    try:
        wall = datetime.datetime.fromisoformat(value.replace("T", " "))
    except ValueError:
        row.add_error(
            column,
            _("Not a date and time: “%(value)s”. Write it as 2024-01-21 18:30.") % {"value": value},
        )
        return None
    if len(value) <= 10:
        row.add_error(column, _("Give the time too, for example 2024-01-21 18:30."))
        return None
    # An offset written by the export is dropped: the zone column says where the clock is.
    return wall.replace(tzinfo=None)


def _mark_duplicates(rows, organization):
    """Likely duplicates of existing events (events.flags, as the committee's queue)."""
    candidates = []
    for row in rows:
        if not row.is_valid or not row.data.get("city"):
            continue
        event = Event(**{k: v for k, v in row.data.items() if k != "co_organizers"})
        event.local_date = event.local_starts_at.date()
        event.import_row = row
        candidates.append(event)
    found = flags.likely_duplicates(candidates, key=lambda e: e.import_row.number)
    for event in candidates:
        event.import_row.duplicates = found.get(event.import_row.number, [])


# --- Importing ------------------------------------------------------------------------------


def confirm(batch, *, submit):
    """The member's confirmation: queue the import of `batch` once, however many times it
    is confirmed (a double click, two tabs), and return whether this call queued it."""
    now = timezone.now()
    queued = (
        type(batch)
        .objects.filter(pk=batch.pk, imported_at__isnull=True)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - batch.STALE_AFTER))
        .update(queued_at=now, submit=submit, report={})
    )
    if queued:
        run_import.enqueue(batch_id=batch.pk)
    return bool(queued)


@task()
def run_import(*, batch_id):
    """The queue's task: import the batch; a failure is kept on it for its member to read
    (the transaction has saved nothing), and the member may confirm again."""
    from events.models import ImportBatch  # noqa: PLC0415

    batch = ImportBatch.objects.filter(pk=batch_id, imported_at__isnull=True).first()
    if batch is None:
        return
    try:
        import_batch(batch, submit=batch.submit)
    except Exception as error:
        message = str(error) if isinstance(error, BadFile) else type(error).__name__
        ImportBatch.objects.filter(pk=batch_id, imported_at__isnull=True).update(
            queued_at=None, report={"failed": message}
        )
        raise


def import_batch(batch, *, submit):
    """Create every valid row of `batch` as a draft (submitted when `submit`), in one
    transaction; the report {"created": …, "skipped": …} also kept on the batch."""
    created, skipped = [], []
    with transaction.atomic():
        locked = type(batch).objects.select_for_update().get(pk=batch.pk)
        if locked.imported_at is not None:
            return locked.report
        for row in rows_of(locked):
            if not row.is_valid:
                skipped.append([row.number, row.cells.get("title", ""), _row_messages(row)])
                continue
            try:
                # A savepoint: a repeat rule the series refuse skips its row alone.
                with transaction.atomic():
                    event = services.create_event(by=locked.created_by, data=row.data)
                    series = _as_series(event, row, locked.created_by)
            except services.EditRefused as refused:
                messages = [f"{name}: {' '.join(m)}" for name, m in _by_field(refused)]
                skipped.append([row.number, row.cells.get("title", ""), messages])
                continue
            if submit and series is not None:
                from events.series import move_series  # noqa: PLC0415

                move_series(series, services.SUBMIT, by=locked.created_by)
            elif submit:
                services.submit_event(event, by=locked.created_by)
            created.append([row.number, event.pk, event.title])
        locked.report = {"created": created, "skipped": skipped, "submitted": submit}
        locked.imported_at = timezone.now()
        locked.content = b""
        locked.save(update_fields=["report", "imported_at", "content"])
    return locked.report


def _series_available():
    try:
        from events.series import create_series  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def _as_series(event, row, user):
    """A repeating VEVENT as a series (events.series), the Series or None; without that
    module, its first date alone, as the preview's note says."""
    if not row.recurrence:
        return None
    try:
        from events.series import create_series  # noqa: PLC0415
    except ImportError:
        return None
    return create_series(event=event, rule=row.recurrence, user=user)


def _row_messages(row):
    return [
        f"{column}: {message}" if column else message
        for column, messages in row.errors.items()
        for message in messages
    ]
