"""What the admin's home page says of the moderation queue."""

from django import template
from django.db.models import Count, Min
from django.utils import timezone

from events.models import Event

register = template.Library()


@register.simple_tag
def moderation_queue():
    """{"waiting": n, "oldest": datetime or None}: one query."""
    summary = Event.objects.filter(status=Event.Status.SUBMITTED).aggregate(
        waiting=Count("pk"), oldest=Min("submitted_at")
    )
    summary["now"] = timezone.now()
    return summary
