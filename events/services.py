"""Every change of an event's state goes through `transition_event`.

The public functions below (`submit_event`, `approve_event`, …) are thin wrappers that
name the move; the admin, the member forms and the API all call them, so the rules of
the workflow live here and nowhere else.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from events import notifications
from events.models import Event, ModerationRecord

S = Event.Status


class TransitionError(Exception):
    """The move is not allowed from the event's current state, or lacks its reason."""


@dataclass(frozen=True)
class Move:
    # A verb in the visitor's language: it is interpolated into error messages.
    name: str
    sources: frozenset
    target: str
    needs_reason: bool = False
    needs_moderator: bool = False


SUBMIT = Move(
    pgettext_lazy("moderation move", "submit"), frozenset({S.DRAFT, S.REJECTED}), S.SUBMITTED
)
APPROVE = Move(
    pgettext_lazy("moderation move", "approve"),
    frozenset({S.SUBMITTED}),
    S.APPROVED,
    needs_moderator=True,
)
REJECT = Move(
    pgettext_lazy("moderation move", "reject"),
    frozenset({S.SUBMITTED, S.APPROVED}),
    S.REJECTED,
    needs_reason=True,
    needs_moderator=True,
)
CANCEL = Move(
    pgettext_lazy("moderation move", "cancel"),
    frozenset({S.APPROVED}),
    S.CANCELLED,
    needs_reason=True,
)
RETURN_TO_DRAFT = Move(
    pgettext_lazy("moderation move", "return to draft"),
    frozenset({S.SUBMITTED, S.REJECTED, S.APPROVED}),
    S.DRAFT,
)
# An approved event whose substance was edited waits for the committee again.
SEND_BACK = Move(
    pgettext_lazy("moderation move", "send back to moderation"),
    frozenset({S.APPROVED}),
    S.SUBMITTED,
)


def may_moderate(user):
    return user is not None and user.is_active and user.has_perm("events.moderate_event")


def transition_event(event, move, *, by, note=""):
    """Move `event` by `move`, recording who did it and why; all or nothing.

    Side effects, in one transaction with a row lock on the event:
    - the event's status changes, with `submitted_at`, `approved_at` (first approval)
      and `cancellation_reason` kept up to date;
    - one ModerationRecord is written (actor None means automatic);
    - for a submission by a trusted organization, a second, automatic move approves it;
    - after the commit, the people concerned are notified (events.notifications).

    Raises TransitionError for an impossible move or a missing reason, and
    PermissionDenied when a move that needs a moderator is made by someone else.
    """
    note = (note or "").strip()
    if move.needs_reason and not note:
        raise TransitionError(_("A reason is required to %(move)s an event.") % {"move": move.name})
    if move.needs_moderator and by is not None and not may_moderate(by):
        raise PermissionDenied(
            _("Only the coordinating committee can %(move)s events.") % {"move": move.name}
        )
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status not in move.sources:
            raise TransitionError(
                _("Cannot %(move)s an event that is %(status)s.")
                % {"move": move.name, "status": locked.get_status_display().lower()}
            )
        record = _apply(locked, move, by=by, note=note)
        records = [record]
        if move is SUBMIT and locked.organization.is_trusted:
            records.append(
                _apply(
                    locked,
                    APPROVE,
                    by=None,
                    note=_("Approved automatically: the organization is trusted."),
                )
            )
        transaction.on_commit(lambda: _notify(records))
    # The caller's instance reflects the new state too.
    for field in ("status", "submitted_at", "approved_at", "cancellation_reason", "updated_at"):
        setattr(event, field, getattr(locked, field))
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


def submit_event(event, *, by, note=""):
    return transition_event(event, SUBMIT, by=by, note=note)


def approve_event(event, *, by, note=""):
    return transition_event(event, APPROVE, by=by, note=note)


def reject_event(event, *, by, reason):
    return transition_event(event, REJECT, by=by, note=reason)


def cancel_event(event, *, by, reason):
    return transition_event(event, CANCEL, by=by, note=reason)


def return_event_to_draft(event, *, by, note=""):
    return transition_event(event, RETURN_TO_DRAFT, by=by, note=note)


# Edits to these fields of an approved event need the committee's eyes again.
SUBSTANTIAL_FIELDS = frozenset(
    {
        "title",
        "starts_at",
        "ends_at",
        "timezone",
        "venue",
        "address",
        "city",
        "country",
        "online_url",
        "summary",
        "description",
    }
)


def event_after_edit(event, *, by, changed_fields):
    """Send an approved event back to moderation after a substantial edit.

    Trusted organizations keep their events approved. Returns the ModerationRecord
    written, or None when the event stays as it is.
    """
    if event.status != S.APPROVED or not SUBSTANTIAL_FIELDS & set(changed_fields):
        return None
    if event.organization.is_trusted:
        return None
    return transition_event(
        event,
        SEND_BACK,
        by=by,
        note=_("Edited after approval: %(fields)s.")
        % {"fields": ", ".join(sorted(SUBSTANTIAL_FIELDS & set(changed_fields)))},
    )
