"""Where a commemoration stands, counted by the database: the tables of /figures/.

Every public table counts `held_events(commemoration)`: its public events that are not
cancelled, the rule of the home page's key figures. Participants come from the approved
reports on those events. Each table costs one query, whatever the number of events; the
committee's lists count every event registered, whatever its status.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import CoOrganizer, Event, EventReport
from events.selectors import held_events
from organizations.models import Organization

# Two weeks either side of the anchor date, day by day.
DAYS_AROUND_ANCHOR = 14


@dataclass(frozen=True)
class Row:
    key: str  # for the CSV: a country code, a kind, a slug, an ISO date
    label: str  # as people read it
    value: int
    short_label: str = ""  # under a column of a time series
    highlight: bool = False  # the anchor day, or its month


@dataclass(frozen=True)
class Table:
    name: str  # its address: /figures/<name>.csv
    title: str
    key_heading: str
    value_heading: str
    csv_columns: tuple  # the CSV's headings: key, label, value
    rows: list = field(default_factory=list)
    # "bars", one line per row, largest first; "columns", a time series in order.
    shape: str = "bars"


def by_country(commemoration):
    counts = held_events(commemoration).order_by().values_list("country").annotate(n=Count("pk"))
    return Table(
        "countries",
        _("Events by country"),
        _("Country"),
        _("Events"),
        ("country", "name", "events"),
        _country_rows(counts),
    )


def by_kind(commemoration):
    counts = held_events(commemoration).order_by().values_list("kind").annotate(n=Count("pk"))
    return Table(
        "kinds",
        _("Events by kind"),
        _("Kind"),
        _("Events"),
        ("kind", "name", "events"),
        _kind_rows(counts),
    )


def by_organization(commemoration):
    """Each organization's events, hosted or co-organized: an event counts for each."""
    held = held_events(commemoration)
    hosted = (
        held.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    co_organized = (
        # Only an organization that accepted is shown as co-organizing, as everywhere.
        CoOrganizer.objects.accepted()
        .filter(organization=OuterRef("pk"), event__in=held)
        .order_by()
        .values("organization")
        .annotate(n=Count("event_id"))
        .values("n")
    )
    organizations = (
        Organization.objects.annotate(
            hosted=Coalesce(Subquery(hosted), 0), co_organized=Coalesce(Subquery(co_organized), 0)
        )
        .annotate(n=F("hosted") + F("co_organized"))
        .filter(n__gt=0)
        .order_by("-n", "name", "pk")
        .values_list("slug", "name", "n")
    )
    return Table(
        "organizations",
        _("Events by organization"),
        _("Organization"),
        _("Events, hosted or co-organized"),
        ("organization", "name", "events"),
        [Row(slug, name, n) for slug, name, n in organizations],
    )


def by_day(commemoration):
    """Day by day, two weeks before the anchor date to two weeks after, within the window."""
    anchor = commemoration.anchor_date
    around = datetime.timedelta(days=DAYS_AROUND_ANCHOR)
    first = max(commemoration.starts_on, anchor - around)
    last = min(commemoration.ends_on, anchor + around)
    counts = dict(
        held_events(commemoration)
        .filter(local_date__gte=first, local_date__lte=last)
        .order_by()
        .values_list("local_date")
        .annotate(n=Count("pk"))
    )
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return Table(
        "days",
        _("Events by day around the anchor date"),
        _("Day"),
        _("Events"),
        ("date", "label", "events"),
        [
            Row(
                day.isoformat(),
                date_format(day, "DATE_FORMAT"),
                counts.get(day, 0),
                short_label=str(day.day),
                highlight=day == anchor,
            )
            for day in days
        ],
        shape="columns",
    )


def by_month(commemoration):
    """Month by month over the commemoration's window."""
    counts = {
        _as_date(month): n
        for month, n in held_events(commemoration)
        .order_by()
        .annotate(month=TruncMonth("local_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
    }
    months, month = [], commemoration.starts_on.replace(day=1)
    while month <= commemoration.ends_on:
        months.append(month)
        if month.year == 9999 and month.month == 12:
            break  # the calendar's last month: no next one to step to
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    anchor_month = commemoration.anchor_date.replace(day=1)
    return Table(
        "months",
        _("Events by month over the window"),
        _("Month"),
        _("Events"),
        ("month", "label", "events"),
        [
            Row(
                month.strftime("%Y-%m"),
                date_format(month, "YEAR_MONTH_FORMAT"),
                counts.get(month, 0),
                short_label=date_format(month, "M"),
                highlight=month == anchor_month,
            )
            for month in months
        ],
        shape="columns",
    )


def participants_by_country(commemoration):
    sums = (
        _approved_reports(commemoration)
        .values_list("event__country")
        .annotate(n=Sum("participants"))
    )
    return Table(
        "participants-by-country",
        _("Participants by country"),
        _("Country"),
        _("Participants"),
        ("country", "name", "participants"),
        _country_rows(sums),
    )


def participants_by_kind(commemoration):
    sums = (
        _approved_reports(commemoration).values_list("event__kind").annotate(n=Sum("participants"))
    )
    return Table(
        "participants-by-kind",
        _("Participants by kind of event"),
        _("Kind"),
        _("Participants"),
        ("kind", "name", "participants"),
        _kind_rows(sums),
    )


# The public tables, in the page's order, by name: /figures/<name>.csv.
PUBLIC_TABLES = {
    "countries": by_country,
    "kinds": by_kind,
    "organizations": by_organization,
    "days": by_day,
    "months": by_month,
    "participants-by-country": participants_by_country,
    "participants-by-kind": participants_by_kind,
}


def _approved_reports(commemoration):
    return EventReport.objects.approved().filter(event__in=held_events(commemoration)).order_by()


def _country_rows(pairs):
    rows = [
        Row(code, countries.name(code) if code else str(_("No country given")), n)
        for code, n in pairs
    ]
    return sorted(rows, key=lambda row: (-row.value, row.label))


def _kind_rows(pairs):
    rows = [Row(kind, str(Event.Kind(kind).label), n) for kind, n in pairs]
    return sorted(rows, key=lambda row: (-row.value, row.label))


def _as_date(value):
    # TruncMonth of a date gives a date on every database; a datetime would be a surprise.
    return value.date() if isinstance(value, datetime.datetime) else value


# --- For the committee --------------------------------------------------------------------


def organizations_without_events(commemoration):
    """Organizations that host and co-organize nothing in the commemoration, in any status,
    with their number of members (nobody to register anything, when none)."""
    registered = Event.objects.filter(commemoration=commemoration)
    hosts = registered.filter(organization=OuterRef("pk"))
    # An invitation it declined is not something it registered.
    co_organizes = CoOrganizer.objects.exclude(status=CoOrganizer.Status.DECLINED).filter(
        organization=OuterRef("pk"), event__commemoration=commemoration
    )
    return list(
        Organization.objects.exclude(Exists(hosts))
        .exclude(Exists(co_organizes))
        .annotate(members=Count("memberships"))
        .order_by("name", "pk")
    )


def countries_without_events(commemoration):
    """[(code, name, number of organizations)] of the countries where organizations are
    but no event of the commemoration is registered, in any status."""
    with_events = Event.objects.filter(commemoration=commemoration).values("country")
    pairs = (
        Organization.objects.exclude(country__in=with_events)
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    return sorted(
        ((code, countries.name(code), n) for code, n in pairs if code), key=lambda c: c[1]
    )
