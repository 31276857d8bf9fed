"""Validators for conditional GET on lists of public events (the API, /events.ics).

A list changes when an event in it changes, when one joins or leaves it, or when one is
deleted; the newest change of any event plus the list's size and newest change catch all
of these, in one query.
"""

import hashlib

from django.db.models import Count, Max

from events.models import Event


def event_list_validators(queryset):
    """Return (etag, last_modified) for a filtered queryset of public events."""
    figures = queryset.order_by().aggregate(count=Count("pk"), newest=Max("updated_at"))
    newest_anywhere = Event.objects.order_by().aggregate(newest=Max("updated_at"))["newest"]
    last_modified = max(filter(None, [figures["newest"], newest_anywhere]), default=None)
    key = f"{figures['count']}:{figures['newest']}:{newest_anywhere}"
    return hashlib.sha256(key.encode()).hexdigest()[:32], last_modified
