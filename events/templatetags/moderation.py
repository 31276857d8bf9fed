"""What the admin's home page says of the moderation queue."""

from django import template
from django.db.models import Count, Min
from django.utils import timezone

from events.models import Event, ModeratorCharge

register = template.Library()


@register.simple_tag
def moderation_queue():
    """{"waiting": n, "oldest": datetime or None}: one query."""
    summary = Event.objects.filter(status=Event.Status.SUBMITTED).aggregate(
        waiting=Count("pk"), oldest=Min("submitted_at")
    )
    summary["now"] = timezone.now()
    waiting = Event.objects.filter(status=Event.Status.SUBMITTED)
    # One count per committee member who has taken charge of a part: a handful.
    summary["by_moderator"] = [
        (charge.moderator, waiting.filter(charge.events_q()).count())
        for charge in ModeratorCharge.objects.select_related("moderator").order_by(
            "moderator__username"
        )
    ]
    return summary
