"""Every write to an event: its moves (`transition_event`), its edits (`create_event`,
`update_event`) and the co-organizers' answers (`accept_co_organization`,
`decline_co_organization`).

The member forms, the API, the admin and the commands translate their input and call
these; the rules of the workflow and of an edit live here and nowhere else: who may make
which move (`moves_for`), which events may be edited and by whom (`may_edit`), what an
event must satisfy (the model's validation and the commemoration's window), and when an
edit of an approved event goes back to the committee.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from events import notifications, places
from events.caching import public_data_changed
from events.models import CoOrganizer, Event, ModerationRecord
from events.poster_versions import UnreadablePoster, make_poster_versions
from events.timezones import zones_by_country

S = Event.Status


class TransitionError(Exception):
    """The move is not allowed from the event's current state, or lacks its reason."""


class StaleMove(TransitionError):
    """The event moved since the person saw it: their move would overrule a decision."""


@dataclass(frozen=True)
class Move:
    # What the API and the doors' URLs call it: submit, approve, reject, cancel, withdraw.
    code: str
    # A verb in the visitor's language: it is interpolated into error messages.
    name: str
    sources: frozenset
    target: str
    needs_reason: bool = False


SUBMIT = Move(
    "submit",
    pgettext_lazy("moderation move", "submit"),
    frozenset({S.DRAFT, S.REJECTED}),
    S.SUBMITTED,
)
APPROVE = Move(
    "approve",
    pgettext_lazy("moderation move", "approve"),
    frozenset({S.SUBMITTED}),
    S.APPROVED,
)
REJECT = Move(
    "reject",
    pgettext_lazy("moderation move", "reject"),
    frozenset({S.SUBMITTED, S.APPROVED}),
    S.REJECTED,
    needs_reason=True,
)
CANCEL = Move(
    "cancel",
    pgettext_lazy("moderation move", "cancel"),
    frozenset({S.APPROVED}),
    S.CANCELLED,
    needs_reason=True,
)
RETURN_TO_DRAFT = Move(
    "withdraw",
    pgettext_lazy("moderation move", "return to draft"),
    frozenset({S.SUBMITTED, S.REJECTED, S.APPROVED}),
    S.DRAFT,
)
# An approved event whose substance was edited waits for the committee again.
SEND_BACK = Move(
    "send_back",
    pgettext_lazy("moderation move", "send back to moderation"),
    frozenset({S.APPROVED}),
    S.SUBMITTED,
)


def may_moderate(user):
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("events.moderate_event")
    )


def transition_event(event, move, *, by, note="", expected_status=None):
    """Move `event` by `move`, recording who did it and why; all or nothing.

    Side effects, in one transaction with a row lock on the event:
    - the event's status changes, with `submitted_at`, `approved_at` (first approval)
      and `cancellation_reason` kept up to date;
    - one ModerationRecord is written;
    - for a submission by a trusted organization, a second, automatic move approves it;
    - after the commit, the people concerned are notified (events.notifications).

    `by` is the person moving it: only the moves `moves_for(event, by)` lists are allowed
    (PermissionDenied otherwise). `expected_status` is the status the person saw when
    they chose the move: if the event has moved since, the move is refused
    (TransitionError), so that nobody overrules a decision they did not see. Raises
    TransitionError for an impossible move or a missing reason.
    """
    if move not in (*MEMBER_MOVES, *MODERATOR_MOVES):
        raise ValueError(f"{move.name} is made by the services alone")
    note = (note or "").strip()
    if move.needs_reason and not note:
        raise TransitionError(_("A reason is required to %(move)s an event.") % {"move": move.name})
    with transaction.atomic():
        locked = Event.objects.select_for_update().select_related("organization").get(pk=event.pk)
        if expected_status is not None and locked.status != expected_status:
            raise StaleMove(
                _(
                    "This event changed meanwhile: it is now %(status)s. Nothing was done; "
                    "look at it again."
                )
                % {"status": locked.get_status_display().lower()}
            )
        if move in MODERATOR_MOVES and not may_moderate(by):
            raise PermissionDenied(
                _("Only the coordinating committee can %(move)s events.") % {"move": move.name}
            )
        if move in MEMBER_MOVES and not is_member_of(by, locked.organization_id):
            raise PermissionDenied(
                _("Only a member of the organization can %(move)s its event.") % {"move": move.name}
            )
        record = _transition_locked(locked, move, by=by, note=note)
    # The caller's instance reflects the new state too.
    for field in ("status", "submitted_at", "approved_at", "cancellation_reason", "updated_at"):
        setattr(event, field, getattr(locked, field))
    return record


def _transition_locked(locked, move, *, by, note):
    """The move itself, on an event already locked by the caller's transaction."""
    if locked.status not in move.sources:
        raise TransitionError(
            _("Cannot %(move)s an event that is %(status)s.")
            % {"move": move.name, "status": locked.get_status_display().lower()}
        )
    records = [_apply(locked, move, by=by, note=note)]
    if move.target == S.SUBMITTED and locked.organization.is_trusted:
        records.append(
            _apply(
                locked,
                APPROVE,
                by=None,
                note=_("Approved automatically: the organization is trusted."),
            )
        )
    transaction.on_commit(lambda: _notify(records))
    return records[-1]


def _apply(event, move, *, by, note):
    now = timezone.now()
    source = event.status
    event.status = move.target
    update_fields = ["status", "updated_at"]
    if move.target == S.SUBMITTED:
        event.submitted_at = now
        update_fields.append("submitted_at")
        if by is not None and event.submitted_by_id is None:
            event.submitted_by = by
            update_fields.append("submitted_by")
    if move.target == S.APPROVED and event.approved_at is None:
        event.approved_at = now
        update_fields.append("approved_at")
    if move is CANCEL:
        event.cancellation_reason = note
        update_fields.append("cancellation_reason")
    event.save(update_fields=update_fields)
    return ModerationRecord.objects.create(
        event=event, actor=by, from_status=source, to_status=move.target, note=note
    )


def _notify(records):
    for record in records:
        notifications.event_moved(record)


def submit_event(event, *, by, note="", expected_status=None):
    return transition_event(event, SUBMIT, by=by, note=note, expected_status=expected_status)


def approve_event(event, *, by, note="", expected_status=None):
    return transition_event(event, APPROVE, by=by, note=note, expected_status=expected_status)


def reject_event(event, *, by, reason, expected_status=None):
    return transition_event(event, REJECT, by=by, note=reason, expected_status=expected_status)


def cancel_event(event, *, by, reason, expected_status=None):
    return transition_event(event, CANCEL, by=by, note=reason, expected_status=expected_status)


def return_event_to_draft(event, *, by, note="", expected_status=None):
    return transition_event(
        event, RETURN_TO_DRAFT, by=by, note=note, expected_status=expected_status
    )


def touch_event(pk, now=None):
    """Mark the event changed without saving it: what lists show of it changed (a
    co-organizer's answer, a report), and their ETags and the API's updated_since follow
    updated_at."""
    Event.objects.filter(pk=pk).update(updated_at=now or timezone.now())
    # An update() sends no signal: the cached menus and answers are told here.
    public_data_changed()


# --- Who may do what ----------------------------------------------------------------------

# The moves a person makes through a door; SEND_BACK and the automatic approval are made
# by the services alone.
MEMBER_MOVES = (SUBMIT, RETURN_TO_DRAFT, CANCEL)
MODERATOR_MOVES = (APPROVE, REJECT)


def is_member_of(user, organization_id, *, as_admin=False):
    """Asked of the database each time: for the checks that guard a write."""
    from organizations.models import Membership

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    memberships = Membership.objects.filter(user=user, organization_id=organization_id)
    if as_admin:
        memberships = memberships.filter(role=Membership.Role.ADMIN)
    return memberships.exists()


def _member_organization_ids(user):
    """The ids of the user's organizations, read once per user object: for pages that ask
    moves_for() of many events."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if not hasattr(user, "_member_organization_ids"):
        from organizations.models import Membership

        user._member_organization_ids = frozenset(
            Membership.objects.filter(user=user).values_list("organization_id", flat=True)
        )
    return user._member_organization_ids


def may_edit(event, user):
    """A member of the host organization may edit its event, and the committee any event,
    while the event is not cancelled."""
    if event.status not in EDITABLE_STATUSES:
        return False
    return may_moderate(user) or event.organization_id in _member_organization_ids(user)


def moves_for(event, user):
    """The moves `user` may make on `event` now, in the order the doors show them.

    Every door shows exactly these (the member area's buttons, the admin's, the API's
    `allowed_moves`), and transition_event() refuses any other.
    """
    if user is None or not user.is_authenticated:
        return []
    moves = []
    if event.organization_id in _member_organization_ids(user):
        moves += [move for move in MEMBER_MOVES if event.status in move.sources]
    if may_moderate(user):
        moves += [move for move in MODERATOR_MOVES if event.status in move.sources]
    return moves


# --- Edits --------------------------------------------------------------------------------

EDITABLE_STATUSES = frozenset({S.DRAFT, S.SUBMITTED, S.REJECTED, S.APPROVED})
# What a member, the committee or another site may set; status and the dates of the
# workflow are the moves' own.
EDITABLE_FIELDS = (
    "commemoration",
    "organization",
    "co_organizers",
    "title",
    "kind",
    "summary",
    "description",
    "starts_at",
    "ends_at",
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
    "poster",
)


def data_from_form(cleaned_data, *, creating):
    """What an event form gave (cleaned_data), by model field, for create/update_event.

    A poster is a new upload, None when "clear" was ticked, or left out when unchanged;
    a copy of an event (`creating` with the original's poster) keeps that poster.
    """
    data = {
        name: cleaned_data[name]
        for name in EDITABLE_FIELDS
        if name in cleaned_data and name != "poster"
    }
    if cleaned_data.get("timezone_confirmed"):
        data["timezone_confirmed"] = True
    poster = cleaned_data.get("poster")
    if isinstance(poster, UploadedFile) or (poster and creating):
        data["poster"] = poster
    elif poster is False:
        data["poster"] = None
    return data


class EditRefused(ValidationError):
    """An edit that breaks a rule; `message_dict`/`messages` say which, by model field."""

    def add_to_form(self, form, field_of=None):
        """Show these errors on a Django form: on the form field that `field_of` maps the
        model field to (or of the same name), else at the top.

        A field that has an error of the form's own keeps it alone; when the form has
        errors, what follows from a missing value (required, no place) is left out, as
        the form has said it already."""
        field_of = field_of or {}
        had_errors = bool(form.errors)
        pairs = (
            self.error_dict.items() if hasattr(self, "error_dict") else [(None, self.error_list)]
        )
        for name, errors in pairs:
            target = field_of.get(name, name)
            target = target if target in form.fields else None
            if target is not None and form.has_error(target):
                continue
            for error in errors:
                if had_errors and error.code in {"required", "null", "blank", "no_place"}:
                    continue
                form.add_error(target, error)


def check_on_form(form, *, event, by, data, field_of=None):
    """Put on `form` what create_event() (no `event`) or update_event() would refuse, so
    that a form shows every error by its field before it saves."""
    try:
        if event is not None and event.pk is not None:
            check_edit(event, by=by, data=data)
        else:
            check_creation(by=by, data=data)
    except EditRefused as error:
        error.add_to_form(form, field_of)
    except PermissionDenied as error:
        form.add_error(None, str(error))


def create_event(*, by, data):
    """A new draft from `data` (model field names to values, as `EDITABLE_FIELDS`).

    `data["commemoration"]` defaults to the current commemoration. Raises EditRefused
    (a ValidationError by field) when a rule is broken, PermissionDenied when `by` may
    not register events for the organization.
    """
    data = _with_default_commemoration(data)
    with transaction.atomic():
        event = Event()
        changed = _check_creation(event, by=by, data=data)
        event.save()
        if "poster" in changed:
            _make_poster_versions(event)
        if "co_organizers" in changed:
            _name_co_organizers(event, data["co_organizers"])
    return event


def update_event(event, *, by, data):
    """Change `event` as `data` says (only the keys given), all or nothing.

    The rules of every door: only a draft, submitted, rejected or approved event may be
    edited, by a member of its organization or by the committee; the event as it would be
    saved must pass the model's validation (place or online link, times, poster) and fall
    in its commemoration's window. A change of the title, summary or description marks
    the event's translations as needing review. An approved event whose organization is not trusted
    goes back to moderation on any change, unless the committee made it; any change of an
    approved event is recorded. Returns the ModerationRecord written, or None.
    """
    with transaction.atomic():
        locked = Event.objects.select_for_update().select_related("organization").get(pk=event.pk)
        changed = _check_edit(locked, by=by, data=data)
        if not changed:
            record = None
        else:
            locked.save()
            if "poster" in changed:
                _make_poster_versions(locked)
            if "co_organizers" in changed:
                _name_co_organizers(locked, data["co_organizers"])
            from events.translations import flag_for_review

            flag_for_review(locked, changed)
            record = _after_edit(locked, by=by, changed=changed)
    event.refresh_from_db()
    if hasattr(locked, "coordinates_source"):
        event.coordinates_source = locked.coordinates_source
    return record


def _make_poster_versions(event):
    """The new poster's resized versions (events.poster_versions), in the edit's transaction:
    a file whose header passed the checks but whose pixels cannot be read is refused."""
    try:
        make_poster_versions(event)
    except UnreadablePoster:
        raise EditRefused(
            {
                "poster": [
                    ValidationError(
                        _(
                            "This file is not an image that can be read: send a JPEG, PNG or "
                            "WebP image."
                        ),
                        code="invalid_image",
                    )
                ]
            }
        ) from None


def check_edit(event, *, by, data):
    """Raise what update_event() would refuse, without saving: for a form to show the errors
    before it saves (the admin's). update_event() checks again, under its lock."""
    _check_edit(Event.objects.select_related("organization").get(pk=event.pk), by=by, data=data)


def check_creation(*, by, data):
    """Raise what create_event() would refuse, without saving."""
    _check_creation(Event(), by=by, data=_with_default_commemoration(data))


def _with_default_commemoration(data):
    from commemoration.models import Commemoration

    data = dict(data)
    if data.get("commemoration") is None:
        data["commemoration"] = Commemoration.objects.current()
    return data


def _check_creation(event, *, by, data):
    data, confirmed = _without_confirmation(data)
    organization = data.get("organization")
    if organization is not None and not (may_moderate(by) or is_member_of(by, organization.pk)):
        raise PermissionDenied(_("You can register events only for your own organizations."))
    changed = _assign(event, data)
    changed += _fill_from_gazetteer(event, changed)
    _validate(event, data, changed=changed, timezone_confirmed=confirmed)
    return changed


def _without_confirmation(data):
    data = dict(data)
    return data, bool(data.pop("timezone_confirmed", False))


def _fill_from_gazetteer(event, changed):
    """A city and country given without coordinates: the gazetteer's, if it knows the city.

    Marks the event `coordinates_source = "gazetteer"` for the door to say so."""
    if not ({"city", "country"} & set(changed)) or not (event.city and event.country):
        return []
    if event.latitude is not None or event.longitude is not None:
        return []
    found = places.resolve(event.city, str(event.country))
    if found is None:
        return []
    event.latitude = Decimal(str(found["latitude"])).quantize(Decimal("0.000001"))
    event.longitude = Decimal(str(found["longitude"])).quantize(Decimal("0.000001"))
    event.coordinates_source = "gazetteer"
    return ["latitude", "longitude"]


def check_zone_matches_country(event):
    """The ValidationError when the event's zone is not one of its country's, or None.

    An event in Tokyo saved at America/Guayaquil (an Ecuadorian party's default) would be
    shown 14 hours off: the zone must be one the IANA database lists for the country,
    unless the member confirms it (a place near a border, an event held on another
    country's time)."""
    country = str(event.country or "")
    zones = zones_by_country().get(country)
    if not country or not zones or event.timezone in zones or event.timezone == "UTC":
        return None
    return ValidationError(
        _(
            "%(zone)s is not a time zone of %(country)s (%(zones)s). Choose the zone of "
            "the place, or confirm that this one is meant."
        ),
        params={
            "zone": event.timezone,
            "country": event.country.name,
            "zones": ", ".join(zones[:5]) + ("…" if len(zones) > 5 else ""),
        },
        code="zone_mismatch",
    )


def _check_edit(event, *, by, data):
    """Check an edit of `event` and set it on the instance; the fields it changes."""
    data, confirmed = _without_confirmation(data)
    if event.status not in EDITABLE_STATUSES:
        raise EditRefused(
            _("A %(status)s event cannot be changed.")
            % {"status": event.get_status_display().lower()},
            code="not_editable",
        )
    if not (may_moderate(by) or is_member_of(by, event.organization_id)):
        raise PermissionDenied(_("You can change only your own organizations' events."))
    new_host = data.get("organization")
    moving_host = new_host is not None and new_host.pk != event.organization_id
    if moving_host and not (may_moderate(by) or is_member_of(by, new_host.pk)):
        raise PermissionDenied(_("You can move an event only to your own organizations."))
    changed = _assign(event, data)
    changed += _fill_from_gazetteer(event, changed)
    _validate(event, data, changed=changed, timezone_confirmed=confirmed)
    return changed


def _assign(event, data):
    """Set `data` on `event`; the names of the fields whose value changes."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    data = _without_repeats(data)
    changed = []
    for name, value in data.items():
        if name == "co_organizers":
            before = (
                set() if event.pk is None else set(event.co_organizers.values_list("pk", flat=True))
            )
            if before != {organization.pk for organization in value}:
                changed.append(name)
        elif name == "poster":
            # A new upload, or None/False to remove the poster.
            if value:
                event.poster = value
                changed.append(name)
            elif event.poster:
                event.poster = None
                changed.append(name)
        elif Event._meta.get_field(name).many_to_one:
            # Compared by id: an unsaved event has no related object to read yet.
            if getattr(event, f"{name}_id") != (value.pk if value is not None else None):
                setattr(event, name, value)
                changed.append(name)
        elif getattr(event, name) != value:
            setattr(event, name, value)
            changed.append(name)
    return changed


def _without_repeats(data):
    """A language or a co-organizer named twice counts once, in the order first given."""
    data = dict(data)
    for name in ("languages", "co_organizers"):
        if isinstance(data.get(name), list | tuple):
            data[name] = list(dict.fromkeys(data[name]))
    return data


def _validate(event, data, *, changed=(), timezone_confirmed=False):
    """Everything the event must satisfy to be saved, as one ValidationError by field."""
    errors = {}
    try:
        event.full_clean(exclude=["slug", "local_date", "local_time"], validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if (
        {"timezone", "country"} & set(changed)
        and not timezone_confirmed
        and "timezone" not in errors
        and "country" not in errors
    ):
        mismatch = check_zone_matches_country(event)
        if mismatch is not None:
            errors.setdefault("timezone", []).append(mismatch)
    commemoration = getattr(event, "commemoration", None) if event.commemoration_id else None
    if commemoration is None:
        errors.setdefault("commemoration", []).append(
            ValidationError(_("There is no current commemoration; name one."), code="required")
        )
    elif event.starts_at and "starts_at" not in errors and "timezone" not in errors:
        day = event.local_starts_at.date()
        if not commemoration.contains(day):
            errors.setdefault("starts_at", []).append(
                ValidationError(
                    _("%(commemoration)s runs from %(first)s to %(last)s: choose a day in it."),
                    params={
                        "commemoration": commemoration.title,
                        "first": date_format(commemoration.starts_on),
                        "last": date_format(commemoration.ends_on),
                    },
                    code="outside_window",
                )
            )
    if "co_organizers" in data:
        co_organizers = data["co_organizers"] or []
    elif "organization" in data and event.pk is not None:
        # A new host that is already named co-organizer would hold the event twice.
        co_organizers = event.co_organizers.all()
    else:
        co_organizers = []
    if event.organization_id and event.organization_id in {o.pk for o in co_organizers}:
        errors.setdefault("co_organizers", []).append(
            ValidationError(
                _("The host organization holds the event already: name only other organizations."),
                code="host_as_co_organizer",
            )
        )
    if errors:
        raise EditRefused(errors)


def _after_edit(event, *, by, changed):
    """An approved event's edit: back to the committee, or recorded as it stands."""
    if event.status != S.APPROVED:
        return None
    fields = ", ".join(sorted(changed))
    if may_moderate(by) or event.organization.is_trusted:
        return ModerationRecord.objects.create(
            event=event,
            actor=by,
            from_status=event.status,
            to_status=event.status,
            note=_("Edited: %(fields)s.") % {"fields": fields},
        )
    return _transition_locked(
        event, SEND_BACK, by=by, note=_("Edited after approval: %(fields)s.") % {"fields": fields}
    )


# --- Co-organizers ------------------------------------------------------------------------


class AnswerRefused(Exception):
    """The answer does not fit the invitation as it stands: answered already, changed or
    withdrawn meanwhile."""


CO = CoOrganizer.Status
# An organization that accepted may still withdraw (decline); one that declined is asked
# again only if the host names it anew.
ANSWERS = {CO.ACCEPTED: frozenset({CO.PENDING}), CO.DECLINED: frozenset({CO.PENDING, CO.ACCEPTED})}


def _name_co_organizers(event, organizations):
    """Name exactly `organizations` as co-organizers of `event` (inside the edit's
    transaction): one named anew waits for its answer, and its admins are told after the
    commit; one no longer named loses its row, whatever it had answered; the others keep
    their answer."""
    wanted = {organization.pk: organization for organization in organizations}
    event.co_organizer_invitations.exclude(organization_id__in=wanted).delete()
    already = set(event.co_organizer_invitations.values_list("organization_id", flat=True))
    for pk, organization in wanted.items():
        if pk not in already:
            invitation = CoOrganizer.objects.create(event=event, organization=organization)
            transaction.on_commit(partial(notifications.co_organizer_named, invitation))


def may_answer(invitation, user):
    """The named organization's admins answer for it; the committee may too."""
    return may_moderate(user) or is_member_of(user, invitation.organization_id, as_admin=True)


def invitations_answerable_by(user):
    """The invitations `user` may answer, as may_answer() decides for one: for the
    committee, all."""
    if may_moderate(user):
        return CoOrganizer.objects.all()
    return CoOrganizer.objects.addressed_to(user)


def invitations_for(user):
    """What the member area shows `user` to answer: the invitations naming organizations of
    which they are an admin, but those declined; for the committee, also those waiting at
    organizations without an admin (their e-mail goes to the committee)."""
    from organizations.models import Membership

    shown = Q(pk__in=CoOrganizer.objects.addressed_to(user).values("pk"))
    if may_moderate(user):
        with_admins = Membership.objects.filter(role=Membership.Role.ADMIN)
        shown |= Q(status=CO.PENDING) & ~Q(
            organization_id__in=with_admins.values("organization_id")
        )
    return CoOrganizer.objects.filter(shown).exclude(status=CO.DECLINED)


def accept_co_organization(invitation, *, by, expected_status=None):
    """The named organization agrees: from now on the event shows as its own too (its
    page, the `organization=` filter, the feeds, JSON-LD and the API's `co_organizers`)."""
    return _answer(invitation, CO.ACCEPTED, by=by, expected_status=expected_status)


def decline_co_organization(invitation, *, by, expected_status=None):
    """The named organization refuses, or withdraws its acceptance: the event is no longer
    shown as its own; the host sees the answer on its event's page."""
    return _answer(invitation, CO.DECLINED, by=by, expected_status=expected_status)


def _answer(invitation, answer, *, by, expected_status):
    """Record the answer, all or nothing; `expected_status` is the one the person saw.

    Raises PermissionDenied unless `by` may answer for the organization, AnswerRefused
    when the invitation is gone or stands otherwise than the answer needs."""
    with transaction.atomic():
        # The event first, as update_event() locks it: an edit that removes the invitation
        # and this answer wait for each other instead of deadlocking.
        Event.objects.select_for_update().filter(pk=invitation.event_id).first()
        locked = CoOrganizer.objects.select_for_update().filter(pk=invitation.pk).first()
        # Asked under the lock, as every write's check: a role taken away meanwhile counts.
        if not may_answer(locked or invitation, by):
            raise PermissionDenied(_("Only the named organization's admins can answer for it."))
        if locked is None:
            raise AnswerRefused(_("The host no longer names your organization: nothing to answer."))
        if expected_status is not None and locked.status != expected_status:
            raise AnswerRefused(
                _("This invitation changed meanwhile: it is now %(status)s. Nothing was done.")
                % {"status": locked.get_status_display().lower()}
            )
        if locked.status not in ANSWERS[answer]:
            raise AnswerRefused(
                _("This invitation is %(status)s already.")
                % {"status": locked.get_status_display().lower()}
            )
        now = timezone.now()
        locked.status, locked.answered_by, locked.answered_at = answer, by, now
        locked.save(update_fields=["status", "answered_by", "answered_at"])
        # What lists show of the event changed: their validators and the API's
        # updated_since follow updated_at.
        touch_event(locked.event_id, now)
    invitation.status, invitation.answered_by = locked.status, locked.answered_by
    invitation.answered_at = locked.answered_at
    return locked


# --- Duplicates -----------------------------------------------------------------------


def merge_as_co_organizers(keep, duplicate, *, by):
    """One event where two organizations submitted the same one: `keep` takes the
    duplicate's organizations as co-organizers, and the duplicate is rejected, pointing to
    `keep`. Both are recorded. The committee only."""
    if not may_moderate(by):
        raise PermissionDenied(_("Only the coordinating committee can merge events."))
    if keep.pk == duplicate.pk:
        raise TransitionError(_("An event cannot be merged with itself."))
    with transaction.atomic():
        kept, other = (
            Event.objects.select_for_update().select_related("organization").get(pk=pk)
            for pk in sorted([keep.pk, duplicate.pk])
        )
        if kept.pk != keep.pk:
            kept, other = other, kept
        if kept.status not in EDITABLE_STATUSES:
            raise TransitionError(
                _("Cannot merge into an event that is %(status)s.")
                % {"status": kept.get_status_display().lower()}
            )
        joining = _join_co_organizers(kept, other, by=by)
        names = ", ".join(organization.name for organization in joining)
        ModerationRecord.objects.create(
            event=kept,
            actor=by,
            from_status=kept.status,
            to_status=kept.status,
            note=_("Merged with “%(title)s” (#%(id)s): co-organized by %(names)s.")
            % {"title": other.title, "id": other.pk, "names": names},
        )
        touch_event(kept.pk)
        _transition_locked(
            other,
            REJECT,
            by=by,
            note=_("The same event as “%(title)s” (#%(id)s), now co-organized by %(names)s.")
            % {"title": kept.title, "id": kept.pk, "names": names},
        )
    keep.refresh_from_db()
    duplicate.refresh_from_db()


def _join_co_organizers(kept, other, *, by):
    """The organizations of `other` become co-organizers of `kept`, with their answers:
    `other`'s host registered the event itself, so the committee's merge accepts for it;
    `other`'s co-organizers keep the answer they gave (but those that declined, who do not
    join). The organizations that join."""
    now = timezone.now()
    carried = [
        CoOrganizer(
            organization=other.organization, status=CO.ACCEPTED, answered_by=by, answered_at=now
        ),
        *other.co_organizer_invitations.exclude(status=CO.DECLINED).select_related("organization"),
    ]
    named = {
        invitation.organization_id: invitation for invitation in kept.co_organizer_invitations.all()
    }
    joining = []
    for source in carried:
        if source.organization_id == kept.organization_id:
            continue
        joining.append(source.organization)
        invitation = named.get(source.organization_id)
        if invitation is None:
            invitation = CoOrganizer.objects.create(
                event=kept,
                organization=source.organization,
                status=source.status,
                answered_by=source.answered_by,
                answered_at=source.answered_at,
            )
            if invitation.status == CO.PENDING:
                transaction.on_commit(partial(notifications.co_organizer_named, invitation))
        elif source.status == CO.ACCEPTED and invitation.status != CO.ACCEPTED:
            invitation.status = CO.ACCEPTED
            invitation.answered_by, invitation.answered_at = source.answered_by, source.answered_at
            invitation.save(update_fields=["status", "answered_by", "answered_at"])
    return joining
