"""Series: events that repeat by an RFC 5545 rule, and the moves and edits made to all of
their occurrences at once.

Each occurrence is an Event of its own (its own page, local date and moderation records),
made by events.services.create_event() and moved by transition_event(): these functions
only decide which events, and call the services for each, in one transaction with the
events locked. The doors (member area, admin, API, import) call these.

Dates come from python-dateutil's rrule, read in the event's own zone: every occurrence
keeps the first one's wall-clock time (19:00 in Paris stays 19:00 after the clocks
change), and becomes UTC through events.timezones.wall_clock_to_utc. A rule that lands on
a time the clocks skip is refused, naming the date, rather than moved silently.
"""

import datetime
import hashlib
from itertools import islice

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events import services
from events.models import Event, Series
from events.services import EDITABLE_FIELDS, EditRefused
from events.timezones import wall_clock_to_utc

S = Event.Status

# Enough for a weekly event over four years; more is not a series but a mistake.
MAX_OCCURRENCES = 200
RULE_MAX_LENGTH = 500
# Every occurrence keeps the event's time of day: rules repeating within a day are not
# series of events, and the parts naming hours would move it.
FREQUENCIES = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
REFUSED_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND", "DTSTART"}
# The parts RFC 5545 gives a rule (dateutil also reads a BYEASTER of its own).
KNOWN_PARTS = {
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
# The moves the series-wide buttons offer, in the order shown.
SERIES_MOVES = (
    services.SUBMIT,
    services.APPROVE,
    services.REJECT,
    services.RETURN_TO_DRAFT,
    services.CANCEL,
)


def _refused(message, code):
    return EditRefused({"recurrence": [ValidationError(message, code=code)]})


def normalize_rule(rule):
    """The RRULE's value alone ("FREQ=WEEKLY;BYDAY=FR"), upper-cased; EditRefused on the
    field `recurrence` for anything that is not one plain rule this site can follow."""
    text = str(rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    text = text.strip().upper()
    if not text:
        raise _refused(_("Give a recurrence rule, for example FREQ=WEEKLY;BYDAY=FR."), "required")
    if len(text) > RULE_MAX_LENGTH or any(ch in text for ch in "\r\n\x00") or not text.isascii():
        raise _refused(_("A recurrence rule is one line of RFC 5545 RRULE text."), "invalid")
    parts = rule_parts(text)
    frequency = parts.get("FREQ")
    if frequency not in FREQUENCIES:
        raise _refused(
            _("The rule must repeat daily, weekly, monthly or yearly (FREQ=WEEKLY, …)."),
            "frequency",
        )
    unknown = set(parts) - KNOWN_PARTS
    if unknown:
        raise _refused(
            _("“%(part)s” is not a part of a recurrence rule (NAME=VALUE).")
            % {"part": sorted(unknown)[0]},
            "invalid",
        )
    for name in ("INTERVAL", "COUNT"):
        value = parts.get(name)
        if value is not None and not (value.isdigit() and 0 < int(value) < 10_000):
            raise _refused(
                _("%(name)s must be a whole number from 1 to 9999.") % {"name": name}, "invalid"
            )
    if REFUSED_PARTS & set(parts):
        raise _refused(
            _("Every occurrence keeps the event's own time: leave out %(parts)s.")
            % {"parts": ", ".join(sorted(REFUSED_PARTS & set(parts)))},
            "invalid",
        )
    if frequency == "DAILY" and {"BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"} & set(parts):
        # A day-by-day search for days that may never come would run for 8,000 years.
        raise _refused(
            _("A daily rule may name weekdays and months only (BYDAY, BYMONTH)."), "invalid"
        )
    return text


def rule_parts(text):
    """{"FREQ": "WEEKLY", "BYDAY": "FR"} of an RRULE value; EditRefused if malformed."""
    parts = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name or not value or name in parts:
            raise _refused(
                _("“%(part)s” is not a part of a recurrence rule (NAME=VALUE).") % {"part": part},
                "invalid",
            )
        parts[name] = value
    return parts


def _rule(text, local_start):
    """The dateutil rule from `local_start` (aware, in the event's zone)."""
    try:
        return rrulestr(text, dtstart=local_start)
    except ValueError:
        pass
    try:
        # An UNTIL without a zone (a date, or a floating time) is in the event's own time,
        # as DTSTART is.
        return rrulestr(text, dtstart=local_start.replace(tzinfo=None))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError):
        raise _refused(
            _("This is not a recurrence rule that can be read: %(rule)s") % {"rule": text},
            "invalid",
        ) from None


def occurrence_starts(*, event, rule):
    """The local (naive, wall-clock) starts of the series `rule` makes from `event`,
    the event's own first, at most MAX_OCCURRENCES and within its commemoration's window.

    Raises EditRefused naming `recurrence` for a rule that cannot be read, gives no other
    date, gives too many or runs past the window."""
    text = normalize_rule(rule)
    local_start = event.local_starts_at
    parsed = _rule(text, local_start)
    commemoration = event.commemoration
    parts = rule_parts(text)
    open_ended = "COUNT" not in parts and "UNTIL" not in parts
    starts = [local_start.replace(tzinfo=None)]
    try:
        moments = list(_bounded(parsed, commemoration))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        # dateutil reads some parts out of range (BYDAY=+60FR) and fails only on using them.
        raise _refused(
            _("This is not a recurrence rule that can be read: %(rule)s") % {"rule": text},
            "invalid",
        ) from None
    for moment in moments:
        wall = moment.replace(tzinfo=None)
        if wall <= starts[0]:
            continue
        if not commemoration.contains(wall.date()):
            if open_ended:
                break
            raise _refused(
                _(
                    "%(commemoration)s ends on %(last)s, but this rule goes on after it: "
                    "end it on that day at the latest."
                )
                % {
                    "commemoration": commemoration.title,
                    "last": date_format(commemoration.ends_on),
                },
                "outside_window",
            )
        starts.append(wall)
        if len(starts) > MAX_OCCURRENCES:
            raise _refused(
                _("A series may have at most %(max)d dates: end it sooner.")
                % {"max": MAX_OCCURRENCES},
                "too_many",
            )
    if "COUNT" in parts and parts["COUNT"].isdigit():
        # COUNT counts the event itself (RFC 5545: DTSTART is the first instance).
        starts = starts[: int(parts["COUNT"])]
    if len(starts) < 2:
        raise _refused(_("This rule gives no date after the event's own."), "empty")
    return starts


def _bounded(parsed, commemoration):
    """The rule's moments, up to one past the limit or the first after the window."""
    for moment in islice(parsed, MAX_OCCURRENCES + 2):
        yield moment
        if moment.date() > commemoration.ends_on:
            return


def preview(*, event, rule):
    """What create_series() would make: the occurrences' (local start, error or "")."""
    starts = occurrence_starts(event=event, rule=rule)
    return [(start, _gap_error(start, event.timezone)) for start in starts]


def _gap_error(wall, zone):
    try:
        wall_clock_to_utc(wall, zone)
    except ValidationError as error:
        return error.messages[0]
    return ""


def _copy_data(event):
    """What every occurrence takes from the event: its editable fields but the times.

    Co-organizers are left out: each one named would be asked anew for every date; the
    host names them on the occurrences it wants."""
    data = {
        name: getattr(event, name)
        for name in EDITABLE_FIELDS
        if name not in {"co_organizers", "starts_at", "ends_at", "poster"}
    }
    if event.poster:
        data["poster"] = event.poster
    return data


@transaction.atomic
def create_series(*, event, rule: str, user) -> Series:
    """Make `event` the first of a series repeating by `rule` (an RFC 5545 RRULE, with or
    without its "RRULE:" prefix, read in the event's own zone), and create the other
    occurrences as drafts, all or nothing.

    Each occurrence is a copy of the event's editable fields (but its co-organizers)
    made by services.create_event(), with the event's wall-clock start and length on its
    own date; their statuses are the moves' own (see move_series). Raises EditRefused (by
    field: `recurrence` for the rule, naming the first date the clocks skip, if any) and
    PermissionDenied, as create_event() does. The signature is the one the doors and the
    iCalendar import rely on.
    """
    locked = Event.objects.select_for_update().select_related("commemoration").get(pk=event.pk)
    if not services.may_edit(locked, user):
        if locked.status in services.EDITABLE_STATUSES:
            raise PermissionDenied(_("You can change only your own organizations' events."))
        raise _refused(
            _("A %(status)s event cannot be repeated.")
            % {"status": locked.get_status_display().lower()},
            "not_editable",
        )
    if locked.series_id is not None:
        raise _refused(_("This event belongs to a series already."), "in_series")
    starts = occurrence_starts(event=locked, rule=rule)
    skipped = [(start, _gap_error(start, locked.timezone)) for start in starts]
    skipped = [(start, error) for start, error in skipped if error]
    if skipped:
        start, error = skipped[0]
        raise _refused(
            _("On %(day)s: %(error)s") % {"day": date_format(start.date()), "error": error},
            "skipped_time",
        )
    series = Series.objects.create(
        organization=locked.organization, rule=normalize_rule(rule), created_by=user
    )
    length = locked.local_ends_at.replace(tzinfo=None) - starts[0]
    base = _copy_data(locked)
    pks = [locked.pk]
    for start in starts[1:]:
        data = {
            **base,
            "starts_at": wall_clock_to_utc(start, locked.timezone),
            "ends_at": wall_clock_to_utc(start + length, locked.timezone),
        }
        pks.append(services.create_event(by=user, data=data).pk)
    Event.objects.filter(pk__in=pks).update(series=series, updated_at=timezone.now())
    event.series = series
    return series


def series_events(series):
    return Event.objects.filter(series=series).order_by("starts_at", "pk")


def series_state(events):
    """What a person saw of a series, as a short token: its events' ids and statuses.

    The doors show it with a series-wide move (a hidden field, the API's `state`) and send
    it back as `expected_state`: if any event of the series moved or was added since, the
    move is refused (services.StaleMove), so that nobody overrules a decision they did
    not see."""
    seen = ";".join(f"{event.pk}:{event.status}" for event in sorted(events, key=_pk))
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


def _pk(event):
    return event.pk


def series_moves_for(series, user):
    """The series-wide moves `user` may make now: those services.moves_for() allows on at
    least one of its occurrences."""
    allowed = set()
    for event in series_events(series).only("pk", "status", "organization_id"):
        allowed.update(move.code for move in services.moves_for(event, user))
    return [move for move in SERIES_MOVES if move.code in allowed]


@transaction.atomic
def move_series(series, move, *, by, note="", expected_state=None):
    """Make `move` on every occurrence of `series` that it fits now (a submission on the
    drafts and the rejected, an approval on the submitted…), each through
    services.transition_event() with its own ModerationRecord; all or nothing.

    The occurrences are locked, in order, before any is moved. Raises PermissionDenied when
    `by` may make this move on none of them, TransitionError when none is in a state the
    move leaves (or the reason is missing), StaleMove when `expected_state` (see
    series_state) is given and the series has changed since. Returns the records written.
    """
    if move.needs_reason and not (note or "").strip():
        raise services.TransitionError(
            _("A reason is required to %(move)s an event.") % {"move": move.name}
        )
    events = list(
        series_events(series).select_for_update().select_related("organization").order_by("pk")
    )
    if expected_state is not None and expected_state != series_state(events):
        raise services.StaleMove(
            _(
                "The events of this series have moved since you saw them (someone else "
                "may have decided on them): look at them again before you %(move)s them."
            )
            % {"move": move.name}
        )
    allowed = [event for event in events if move in services.moves_for(event, by)]
    if not allowed:
        if any(event.status in move.sources for event in events):
            raise PermissionDenied(
                _("You cannot %(move)s the events of this series.") % {"move": move.name}
            )
        raise services.TransitionError(
            _("No event of this series can be moved so (%(move)s) now.") % {"move": move.name}
        )
    return [
        services.transition_event(event, move, by=by, note=note, expected_status=event.status)
        for event in sorted(allowed, key=lambda event: (event.starts_at, event.pk))
    ]


# --- This and following -------------------------------------------------------------------

TIME_FIELDS = {"starts_at", "ends_at", "timezone"}


def _changed_fields(event, data):
    """The names in `data` whose value differs from the event's."""
    changed = set()
    for name, value in data.items():
        if name == "co_organizers":
            if {o.pk for o in value or []} != set(event.co_organizers.values_list("pk", flat=True)):
                changed.add(name)
        elif name == "poster":
            changed.add(name)  # given only when uploaded or cleared (data_from_form)
        elif Event._meta.get_field(name).many_to_one:
            if getattr(event, f"{name}_id") != (value.pk if value is not None else None):
                changed.add(name)
        elif getattr(event, name) != value:
            changed.add(name)
    return changed


@transaction.atomic
def update_this_and_following(event, *, by, data):
    """Apply the edit `data` (as services.update_event takes it) to `event`, and the same
    changes to the later occurrences of its series, each through update_event(); all or
    nothing. Only the fields this edit changes are carried to the others, so what was
    changed on one of them alone stays. A change of the time of day keeps each one's date
    (shifted by as many days as this one's moved); the zone carried too.

    Returns the events changed, this one first. Raises what update_event() raises; an
    event outside a series is edited alone."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.series_id is None:
        services.update_event(event, by=by, data=data)
        return [event]
    later = list(
        Event.objects.select_for_update()
        .filter(
            series_id=locked.series_id,
            starts_at__gt=locked.starts_at,
            status__in=services.EDITABLE_STATUSES,
        )
        .exclude(pk=locked.pk)
        .order_by("starts_at", "pk")
    )
    changed = _changed_fields(locked, {k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    old_start = locked.local_starts_at.replace(tzinfo=None)
    services.update_event(event, by=by, data=data)
    event.refresh_from_db()
    carried = {name: data[name] for name in changed - TIME_FIELDS - {"poster"}}
    if "poster" in changed:
        carried["poster"] = event.poster or None
    new_start = event.local_starts_at.replace(tzinfo=None)
    length = event.local_ends_at.replace(tzinfo=None) - new_start
    shift = new_start.date() - old_start.date()
    for other in later:
        other_data = dict(carried)
        if changed & TIME_FIELDS:
            day = other.local_starts_at.date() + shift
            start = datetime.datetime.combine(day, new_start.time())
            try:
                other_data["starts_at"] = wall_clock_to_utc(start, event.timezone)
                other_data["ends_at"] = wall_clock_to_utc(start + length, event.timezone)
            except ValidationError as error:
                raise EditRefused(
                    {
                        "starts_at": [
                            _("On %(day)s: %(error)s")
                            % {"day": date_format(day), "error": error.messages[0]}
                        ]
                    }
                ) from None
            other_data["timezone"] = event.timezone
        if other_data:
            services.update_event(other, by=by, data=other_data)
    return [event, *later]
