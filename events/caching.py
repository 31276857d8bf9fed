"""What a cached answer is keyed by: validators for conditional GET on lists of public
events (the API, /events.ics), and the key of a rendered answer kept in the cache.

An answer is shaped by its data and by the request: the path and the whole query string
(every filter, the page), the language of its text, the scheme and host of its absolute
links, and who asks (a signed-in member may see more than the public). Its ETag covers all
of these, so that a 304 is only ever answered for the same question, and the cache key of
a rendered answer is built from that ETag, so that two questions never share one answer.

A list changes when an event in it changes, when one joins or leaves it, or when one is
deleted, and when an organization it names or the commemoration around it changes: the
list's size and newest change, plus the newest change of any event, organization and
commemoration, catch all of these, in one query.
"""

import hashlib
import uuid
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Subquery
from django.utils.translation import get_language

from commemoration.models import Commemoration
from events.models import Event
from organizations.models import Organization


def answer_variant(request):
    """Everything besides the data that shapes the answer to this request, as text."""
    # Parameters sorted by name, each one's values in the order given: ?a=1&b=2 and
    # ?b=2&a=1 are one question, ?country=FR&country=DE keeps both countries.
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    user = request.user
    viewer = f"user:{user.pk}" if user.is_authenticated else "anonymous"
    return "\n".join(
        [request.scheme, request.get_host(), request.path, query, get_language(), viewer]
    )


def answer_etag(request, *validators):
    """An ETag that changes with the data (the validators) and with the request's variant."""
    text = "\n".join([answer_variant(request), *(str(value) for value in validators)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def rendered_answer_key(request, etag):
    """The cache key of the answer whose ETag this is, or None when it must not be kept.

    Only anonymous answers are kept: they are the same for every visitor who asks the same
    question, while a signed-in person's answer is theirs alone, and such answers are few.
    """
    if request.user.is_authenticated:
        return None
    return f"rendered-answer:{etag}"


def _newest_change(model):
    """The newest updated_at of the whole table, as a subquery of the one query."""
    newest = model.objects.order_by("-updated_at").values("updated_at")[:1]
    # Max over a one-row subquery: aggregate() only takes aggregates.
    return Max(Subquery(newest))


def event_list_validators(request, queryset):
    """Return (etag, last_modified) of a filtered queryset of events, as this request asks."""
    figures = queryset.order_by().aggregate(
        count=Count("pk"),
        newest=Max("updated_at"),
        newest_event=_newest_change(Event),
        newest_organization=_newest_change(Organization),
        newest_commemoration=_newest_change(Commemoration),
    )
    changes = [
        figures["newest"],
        figures["newest_event"],
        figures["newest_organization"],
        figures["newest_commemoration"],
    ]
    last_modified = max(filter(None, changes), default=None)
    return answer_etag(request, figures["count"], *changes), last_modified


# --- The version of the public data, shared by every app server through the cache --------

DATA_VERSION_KEY = "public-data-version"
# What is derived from the version is also kept no longer than this: a process that writes
# without the shared cache (a command with only local memory) is caught up within it.
DERIVED_SECONDS = 10 * 60


def data_version():
    """A token that changes whenever an event, an organization or a co-organization
    changes (public_data_changed), the same on every app server sharing the cache.

    A token lost from the cache is replaced by a new one, never an old one: whatever was
    kept under an earlier token is never taken for current. Read it before reading the
    data it versions."""
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(DATA_VERSION_KEY, version, timeout=None):
            version = cache.get(DATA_VERSION_KEY) or version
    return version


def _new_version():
    cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def public_data_changed():
    """A new data_version(), now and again once the change is committed: whatever a
    request kept meanwhile (new version, data not yet committed) is dropped by the second,
    and a request that reads the last version reads the new data. Called by the signals
    below and by events.services for the updates that send none."""
    _new_version()
    transaction.on_commit(_new_version, robust=True)


def derived(name, build):
    """build() of the current data_version(), computed once for all requests (and all app
    servers) until the data changes: the filter menus."""
    key = f"derived:{name}:{data_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, DERIVED_SECONDS)
    return value


def _changed(sender, **kwargs):
    public_data_changed()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from events.models import CoOrganizer, Series

    for model in (Event, Organization, CoOrganizer, Commemoration, Series):
        post_save.connect(_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"data-version-del-{model}")
    m2m_changed.connect(
        _changed, sender=Event.co_organizers.through, dispatch_uid="data-version-m2m"
    )
