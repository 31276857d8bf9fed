"""Validators for conditional GET on lists of public events (the API, /events.ics).

A list changes when an event in it changes, when one joins or leaves it, or when one is
deleted, and when an organization it names is renamed or changed: the list's size and newest
change, plus the newest change of any event and of any organization, catch all of these, in
one query.
"""

import hashlib

from django.db.models import Count, Max, Subquery

from events.models import Event
from organizations.models import Organization


def _newest_change(model):
    """The newest updated_at of the whole table, as a subquery of the one query."""
    newest = model.objects.order_by("-updated_at").values("updated_at")[:1]
    # Max over a one-row subquery: aggregate() only takes aggregates.
    return Max(Subquery(newest))


def event_list_validators(queryset):
    """Return (etag, last_modified) for a filtered queryset of public events."""
    figures = queryset.order_by().aggregate(
        count=Count("pk"),
        newest=Max("updated_at"),
        newest_event=_newest_change(Event),
        newest_organization=_newest_change(Organization),
    )
    changes = [figures["newest"], figures["newest_event"], figures["newest_organization"]]
    last_modified = max(filter(None, changes), default=None)
    key = ":".join(str(value) for value in (figures["count"], *changes))
    return hashlib.sha256(key.encode()).hexdigest()[:32], last_modified
