"""Every write to an event's report: `save_report` (writing it, and its photos) and its
moves (`transition_report`: submit, approve, reject).

Once an event has been held (approved, not cancelled, and over), a member of its host
organization may report back: how many took part, a short account, up to
REPORT_MAX_PHOTOS photos. The committee approves or rejects the report with a reason, as
it does events; a trusted organization's report is approved at once. Only an approved
report is public (the event's page, the API, /figures/).

An approved report is part of its event as others read it: whenever the public report
changes, the event's `updated_at` moves too, so that mirrors reading the API's
`updated_since` and the lists' ETags see it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from events import notifications
from events.models import Event, EventReport, ReportPhoto, ReportRecord
from events.report_models import REPORT_MAX_PHOTOS
from events.services import (
    EditRefused,
    Move,
    StaleMove,
    TransitionError,
    is_member_of,
    may_moderate,
    touch_event,
)

R = EventReport.Status

SUBMIT_REPORT = Move(
    "submit",
    pgettext_lazy("moderation move", "submit"),
    frozenset({R.DRAFT, R.REJECTED}),
    R.SUBMITTED,
)
APPROVE_REPORT = Move(
    "approve",
    pgettext_lazy("moderation move", "approve"),
    frozenset({R.SUBMITTED}),
    R.APPROVED,
)
REJECT_REPORT = Move(
    "reject",
    pgettext_lazy("moderation move", "reject"),
    frozenset({R.SUBMITTED, R.APPROVED}),
    R.REJECTED,
    needs_reason=True,
)
# A member's edit of an approved report waits for the committee again.
SEND_BACK_REPORT = Move(
    "send_back",
    pgettext_lazy("moderation move", "send back to moderation"),
    frozenset({R.APPROVED}),
    R.SUBMITTED,
)
MEMBER_REPORT_MOVES = (SUBMIT_REPORT,)
MODERATOR_REPORT_MOVES = (APPROVE_REPORT, REJECT_REPORT)
REPORT_FIELDS = ("participants", "account")


def report_moves_for(report, user):
    """The moves `user` may make on `report` now; transition_report() refuses any other."""
    moves = []
    if is_member_of(user, report.event.organization_id):
        moves += [move for move in MEMBER_REPORT_MOVES if report.status in move.sources]
    if may_moderate(user):
        moves += [move for move in MODERATOR_REPORT_MOVES if report.status in move.sources]
    return moves


def save_report(event, *, by, data, new_photos=(), removed_photos=(), submit=False):
    """Write the report on `event` (creating it the first time), all or nothing.

    `data` gives `participants` and `account`; `new_photos` are uploaded files, and
    `removed_photos` photos of this report to take away. With `submit`, the report is
    then submitted, as SUBMIT_REPORT does. A change of an approved report goes back to
    the committee, unless the organization is trusted.

    Raises PermissionDenied unless `by` belongs to the host organization, and EditRefused
    (by field: participants, account, photos) when the event has not been held yet or a
    value is refused: a photo that is no JPEG, PNG or WebP image, too large, or one more
    than REPORT_MAX_PHOTOS.
    """
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Not a report field: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Event.objects.select_for_update().select_related("organization").get(pk=event.pk)
        if not is_member_of(by, locked.organization_id):
            raise PermissionDenied(_("Only a member of the organization can report on its event."))
        check_held(locked)
        report = EventReport.objects.select_for_update().filter(event=locked).first()
        report = report or EventReport(event=locked)
        was_public = report.is_approved
        changed = [name for name, value in data.items() if getattr(report, name) != value]
        for name in changed:
            setattr(report, name, data[name])
        removed = (
            list(report.photos.filter(pk__in=[p.pk for p in removed_photos])) if report.pk else []
        )
        photos = [ReportPhoto(image=upload) for upload in new_photos]
        _validate(report, photos, kept=(report.photos.count() if report.pk else 0) - len(removed))
        report.save()
        for photo in removed:
            photo.delete()
            # The file goes once the row is surely gone.
            transaction.on_commit(lambda name=photo.image.name: _delete_file(name))
        for photo in photos:
            photo.report = report
            photo.save()
        if (changed or removed or photos) and report.status == R.APPROVED:
            fields = ", ".join([*changed, *(["photos"] if removed or photos else [])])
            _move_locked(
                report,
                SEND_BACK_REPORT,
                by=by,
                note=_("Edited after approval: %(fields)s.") % {"fields": fields},
            )
        if submit:
            _move_locked(report, SUBMIT_REPORT, by=by, note="")
        if was_public or report.is_approved:
            _touch(locked)
    return report


def check_held(event):
    """Raise EditRefused unless `event` was held: approved (not cancelled) and over."""
    if event.is_reportable:
        return
    if event.status != Event.Status.APPROVED:
        raise EditRefused(
            _("Only an event that took place can be reported on: this one is %(status)s.")
            % {"status": event.get_status_display().lower()},
            code="not_held",
        )
    raise EditRefused(
        _("This event has not ended yet: report on it once it is over."), code="not_ended"
    )


def _validate(report, photos, *, kept):
    errors = {}
    try:
        report.full_clean(exclude=["event"], validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if kept + len(photos) > REPORT_MAX_PHOTOS:
        errors.setdefault("photos", []).append(
            ValidationError(
                _("A report has at most %(max)s photos; remove some to add others.")
                % {"max": REPORT_MAX_PHOTOS},
                code="too_many_photos",
            )
        )
    for photo in photos:
        try:
            photo.full_clean(exclude=["report"])
        except ValidationError as error:
            errors.setdefault("photos", []).extend(
                ValidationError(
                    _("%(file)s: %(error)s") % {"file": photo.image.name, "error": message},
                    code="invalid_photo",
                )
                for message in error.message_dict.get("image", error.messages)
            )
    if errors:
        raise EditRefused(errors)


def _delete_file(name):
    from django.core.files.storage import default_storage

    default_storage.delete(name)


def transition_report(report, move, *, by, note="", expected_status=None):
    """Move `report` by `move`, recording who did it and why; all or nothing.

    In one transaction with a row lock on the report: its status changes (with
    `submitted_at`, `approved_at`, `rejection_reason`), one ReportRecord is written, a
    trusted organization's submission is approved at once, and the event's `updated_at`
    moves when the public report changes. After the commit, the committee is told of a
    submission and the submitter of a decision (events.notifications).

    Only the moves report_moves_for(report, by) lists are allowed (PermissionDenied).
    With `expected_status`, a report that has moved since is left alone (StaleMove).
    Raises TransitionError for an impossible move or a missing reason.
    """
    if move not in (*MEMBER_REPORT_MOVES, *MODERATOR_REPORT_MOVES):
        raise ValueError(f"{move.code} is made by the services alone")
    note = (note or "").strip()
    if move.needs_reason and not note:
        raise TransitionError(_("A reason is required to %(move)s a report.") % {"move": move.name})
    with transaction.atomic():
        # The event first, then its report, as save_report() locks them: two people
        # acting at once wait for each other instead of deadlocking.
        event = (
            Event.objects.select_for_update().select_related("organization").get(pk=report.event_id)
        )
        locked = EventReport.objects.select_for_update().get(pk=report.pk)
        locked.event = event
        if expected_status is not None and locked.status != expected_status:
            raise StaleMove(
                _(
                    "This report changed meanwhile: it is now %(status)s. Nothing was done; "
                    "look at it again."
                )
                % {"status": locked.get_status_display().lower()}
            )
        if move in MODERATOR_REPORT_MOVES and not may_moderate(by):
            raise PermissionDenied(
                _("Only the coordinating committee can %(move)s reports.") % {"move": move.name}
            )
        if move in MEMBER_REPORT_MOVES:
            if not is_member_of(by, locked.event.organization_id):
                raise PermissionDenied(
                    _("Only a member of the organization can %(move)s its report.")
                    % {"move": move.name}
                )
            try:
                check_held(locked.event)
            except EditRefused as error:
                raise TransitionError(error.messages[0]) from None
        was_public = locked.is_approved
        record = _move_locked(locked, move, by=by, note=note)
        if was_public or locked.is_approved:
            _touch(locked.event)
    for field in ("status", "submitted_at", "approved_at", "rejection_reason", "updated_at"):
        setattr(report, field, getattr(locked, field))
    return record


def _move_locked(report, move, *, by, note):
    """The move itself, on a report locked by the caller's transaction."""
    if report.status not in move.sources:
        raise TransitionError(
            _("Cannot %(move)s a report that is %(status)s.")
            % {"move": move.name, "status": report.get_status_display().lower()}
        )
    records = [_apply(report, move, by=by, note=note)]
    if move.target == R.SUBMITTED and report.event.organization.is_trusted:
        records.append(
            _apply(
                report,
                APPROVE_REPORT,
                by=None,
                note=_("Approved automatically: the organization is trusted."),
            )
        )
    transaction.on_commit(lambda: [notifications.report_moved(record) for record in records])
    return records[-1]


def _apply(report, move, *, by, note):
    now = timezone.now()
    source = report.status
    report.status = move.target
    if move.target == R.SUBMITTED:
        report.submitted_at = now
        if by is not None:
            report.submitted_by = by
    if move.target == R.APPROVED and report.approved_at is None:
        report.approved_at = now
    report.rejection_reason = note if move.target == R.REJECTED else ""
    report.save()
    return ReportRecord.objects.create(
        report=report, actor=by, from_status=source, to_status=move.target, note=note
    )


def _touch(event):
    touch_event(event.pk)


def approve_report(report, *, by, note="", expected_status=None):
    return transition_report(
        report, APPROVE_REPORT, by=by, note=note, expected_status=expected_status
    )


def reject_report(report, *, by, reason, expected_status=None):
    return transition_report(
        report, REJECT_REPORT, by=by, note=reason, expected_status=expected_status
    )
