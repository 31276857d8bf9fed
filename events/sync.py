"""What another site needs to mirror the public calendar: the events that left it.

A mirror asks for the events changed since its last visit (`updated_since` on the list)
and for the ids of the events that stopped being public since then; together these
reproduce the public set exactly.
"""

from events.models import Event, EventRemoval, ModerationRecord


def removed_event_ids(since):
    """Ids of events that left the public set at or after `since` and are not public now.

    An event leaves by a move out of a public status (rejected, sent back to moderation,
    returned to draft) or by being deleted after it had been public. One that came back
    is public again and is not reported.
    """
    left = (
        ModerationRecord.objects.filter(
            created_at__gte=since, from_status__in=Event.PUBLIC_STATUSES
        )
        .exclude(to_status__in=Event.PUBLIC_STATUSES)
        .values("event_id")
    )
    moved_out = (
        Event.objects.filter(pk__in=left)
        .exclude(pk__in=Event.objects.public().values("pk"))
        .values_list("pk", flat=True)
    )
    deleted = EventRemoval.objects.filter(removed_at__gte=since, was_public=True).values_list(
        "event_id", flat=True
    )
    return sorted(set(moved_out) | set(deleted))
