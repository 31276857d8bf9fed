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

import functools
import hashlib
import importlib.metadata
import itertools
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import django
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, Count, Max, Subquery
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from commemoration import routers
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
SHARED_VERSION_KEY = "shared-data-version"
# What is derived from the version is also kept no longer than this: a process that writes
# without the shared cache (a command with only local memory) is caught up within it.
DERIVED_SECONDS = 10 * 60


def _fresh_version():
    # Unique, and telling when it was made: what the answers it versions give as
    # Last-Modified (no public data changed after it, or it would be older).
    return f"{uuid.uuid4().hex}.{time.time():.6f}"


def _current(key):
    # A token lost from the cache is replaced by a new one, never an old one: whatever was
    # kept under an earlier token is never taken for current.
    version = cache.get(key)
    if version is None:
        version = _fresh_version()
        if not cache.add(key, version, timeout=None):
            version = cache.get(key) or version
    return version


def data_version():
    """A token that changes whenever an event, an organization or a co-organization
    changes (public_data_changed), the same on every app server sharing the cache. Read it
    before reading the data it versions."""
    return _current(DATA_VERSION_KEY)


def shared_version():
    """A token that changes whenever an organization or a commemoration changes: what an
    event's part of an answer names of them (part_shape), read without a query."""
    return _current(SHARED_VERSION_KEY)


def version_time(version):
    """When the data version was made, in seconds since the epoch."""
    try:
        return float(version.rpartition(".")[2])
    except ValueError:  # a token of an earlier release, without its time
        return time.time()


def _new_version(key=DATA_VERSION_KEY):
    cache.set(key, _fresh_version(), timeout=None)


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


def _shared_changed(sender, **kwargs):
    # As public_data_changed(): now, and again once the change is committed.
    _new_version(SHARED_VERSION_KEY)
    transaction.on_commit(functools.partial(_new_version, SHARED_VERSION_KEY), robust=True)


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from events.models import CoOrganizer, EventTranslation, Series
    from events.report_models import EventReport, ReportPhoto

    # Everything a public page or answer shows of an event: its texts in each language,
    # its hosts, its series, its report and the report's photos.
    versioned = (
        Event,
        Organization,
        CoOrganizer,
        Commemoration,
        Series,
        EventTranslation,
        EventReport,
        ReportPhoto,
    )
    for model in versioned:
        post_save.connect(_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"data-version-del-{model}")
    m2m_changed.connect(
        _changed, sender=Event.co_organizers.through, dispatch_uid="data-version-m2m"
    )
    # What every event's part names of its hosts and its commemoration (part_shape).
    for model in (Organization, Commemoration):
        post_save.connect(_shared_changed, sender=model, dispatch_uid=f"shared-save-{model}")
        post_delete.connect(_shared_changed, sender=model, dispatch_uid=f"shared-del-{model}")


# --- Answers kept for the public ---------------------------------------------------------
#
# An anonymous reader's page or API answer is the same for everyone who asks the same
# question (answer_variant) of the same data (data_version): it is kept in the shared
# cache under both, and its ETag is made of both, so that a 304 or a kept answer costs no
# query at all. Any change of public data makes a new version on every app server at
# once; nothing kept under an old one is ever served again.
#
# This needs a cache that every process writing public data shares (Redis): with local
# memory, a change made by the task worker or another server would leave this process's
# version, and its answers, behind. Without one (settings.PUBLIC_ANSWERS_SHARED off),
# answers are built each time and their validators read from the database.

# Pages show "today" (the list's start, the calendar's month, what has taken place): what
# they are kept under also changes every quarter of an hour, the finest step of a UTC
# offset.
TIME_STEP_SECONDS = 15 * 60
# Where each reader's own CSRF token goes in a page kept for all (the forms of the header:
# the language menu). commemoration.context_processors.reader_token puts it there.
READER_TOKEN = "reader-csrf-token-placeholder"


def answers_shared():
    return settings.PUBLIC_ANSWERS_SHARED


def _has_messages(request):
    # Messages are one reader's; len() reads them without using them up.
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _with_reader_token(request, response):
    if not response.streaming and READER_TOKEN.encode() in response.content:
        token = get_token(request).encode()
        response.content = response.content.replace(READER_TOKEN.encode(), token)
    return response


def _cache_control(response, *, personal):
    if personal:
        # The page holds the reader's CSRF token: for their browser alone, which asks
        # again each time (and gets a 304 while nothing changed).
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.CDN_MAX_AGE}"


def public_answer(request, build, *, page=False):
    """The answer to an anonymous reader's GET, from what was kept for the same question
    under the current data version, else build() (an HttpResponse), kept if it is a 200.
    None where answers are not kept (a member, a POST, messages waiting, no shared
    cache): the caller answers as before.

    `page`: an HTML page, which depends on the time of day too (TIME_STEP_SECONDS) and
    holds each reader's own CSRF token, so that only their browser may keep it; an API
    answer may be kept by a shared cache in front (s-maxage)."""
    if (
        not answers_shared()
        or request.method not in ("GET", "HEAD")
        or request.user.is_authenticated
        or _has_messages(request)
    ):
        return None
    version = data_version()
    moments = [int(time.time() // TIME_STEP_SECONDS)] if page else []
    etag = answer_etag(request, version, *moments)
    modified = int(version_time(version))
    not_modified = get_conditional_response(request, etag=quote_etag(etag), last_modified=modified)
    if not_modified is not None:
        _cache_control(not_modified, personal=page)
        return not_modified
    key = f"public-answer:{etag}"
    kept = cache.get(key)
    if kept is not None:
        status, headers, content = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
    else:
        request.keeps_answer = True
        try:
            with routers.reading_from_the_primary():
                response = build()
        finally:
            request.keeps_answer = False
        if response.status_code == 200 and not response.streaming:
            response["ETag"] = quote_etag(etag)
            response["Last-Modified"] = http_date(modified)
            _cache_control(response, personal=page)
            if not response.cookies:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in {"content-length", "set-cookie"}
                ]
                cache.set(key, (200, headers, response.content), settings.PUBLIC_ANSWER_SECONDS)
    return _with_reader_token(request, response)


def public_page(view):
    """A page view whose anonymous answers are kept (public_answer)."""

    @functools.wraps(view)
    def page(request, *args, **kwargs):
        answer = public_answer(request, lambda: view(request, *args, **kwargs), page=True)
        return view(request, *args, **kwargs) if answer is None else answer

    return page


# --- Each event's part of a long answer, kept ----------------------------------------------


# The templates of the events' parts of pages (events.cards).
PART_TEMPLATES = ("_event_item.html", "_calendar_entry.html", "_calendar_table.html")


@functools.cache
def code_fingerprint():
    """What, besides the data and the request, shapes an event's part of an answer: this
    code, the events' model (its labels), the serializers, the parts' templates and their
    tags, the translations, as deployed, and where media files are served from. A part
    written by other code or other translations is never taken for one."""
    digest = hashlib.sha256(django.get_version().encode())
    digest.update(importlib.metadata.version("django-countries").encode())
    digest.update(str(settings.MEDIA_URL).encode())
    base = Path(settings.BASE_DIR)
    names = ("admin.py", "feeds.py", "geojson.py", "models.py", "serializers.py")
    sources = [base / "events" / name for name in names]
    sources += [
        base / "organizations" / "serializers.py",
        base / "commemoration" / "serializers.py",
    ]
    sources += [base / "templates" / "events" / name for name in PART_TEMPLATES]
    sources += sorted(base.glob("events/templatetags/*.py"))
    sources += sorted(base.glob("locale/*/LC_MESSAGES/*.mo"))
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def batched(items, size):
    """Lists of `size` items (the last one shorter) as they come: itertools.batched()
    before Python 3.12."""
    items = iter(items)
    return iter(lambda: list(itertools.islice(items, size)), [])


def part_shape(kind, request):
    """What shapes an event's part of an answer besides the event itself (its `kind`, as
    "feature" or "api-event"), for kept_parts(): the language, the site its addresses
    name, and the newest change of any organization and commemoration, which the part
    names (shared_version()). None where parts are not kept (no FEED_FRAGMENT_SECONDS)."""
    if not settings.FEED_FRAGMENT_SECONDS:
        return None
    return (kind, get_language(), request.build_absolute_uri("/"), shared_version())


def stamped(events, *more):
    """The (pk, last change, *more) of each event of `events`, in its order: what
    kept_parts() takes. The change as the database writes it out: no date-time to parse
    an event."""
    stamp = Cast("updated_at", CharField())
    events = events.prefetch_related(None).annotate(stamp=stamp)
    return events.values_list("pk", "stamp", *more)


def kept_parts(rows, shaped_by, write):
    """The (pk, part) of the events of `rows` ((pk, last change) pairs: stamped()), each
    part octets or text, in their order; write(pks) gives (pk, part) for those of the
    events whose parts are not kept. With FEED_FRAGMENT_SECONDS and `shaped_by` (what else
    shapes a part: part_shape()), the parts are taken from the shared cache where they are
    kept, and only those not kept are written, then kept; otherwise every event is
    written. An event that write() no longer finds (gone since `rows` were read) has no
    part: left out.

    A part is kept under the event's last change (updated_at, which its translations, its
    co-organizers' answers and its report move too), `shaped_by` and the code's
    fingerprint: whatever changes it changes its key, so none is ever stale."""
    if not settings.FEED_FRAGMENT_SECONDS or shaped_by is None:
        written = dict(write([pk for pk, _stamp in rows]))
        return [(pk, written[pk]) for pk, _stamp in rows if pk in written]
    shaped = hashlib.sha256("\n".join(map(str, shaped_by)).encode()).hexdigest()[:16]
    prefix = f"part:{code_fingerprint()}:{shaped}"
    keys = {pk: f"{prefix}:{pk}:{str(stamp).replace(' ', 'T')}" for pk, stamp in rows}
    kept = cache.get_many(keys.values())
    missing = {pk: key for pk, key in keys.items() if key not in kept}
    if missing:
        fresh = {missing[pk]: part for pk, part in write(list(missing))}
        cache.set_many(fresh, settings.FEED_FRAGMENT_SECONDS)
        kept.update(fresh)
    return [(pk, kept[key]) for pk, key in keys.items() if key in kept]


def kept_fragments(events, shaped_by, write, *, chunk_size):
    """Each event's part of a long answer (its VEVENT, its GeoJSON Feature, its CSV row)
    as octets, in the queryset's order, through kept_parts() a chunk of `chunk_size` at a
    time; without parts kept, every event is written in one pass. An answer of a million
    events then reads two small columns an event and its parts from the cache, a chunk at
    once, instead of writing each; one cut short (a timeout) has kept what it wrote, for
    the next to go further."""
    if not settings.FEED_FRAGMENT_SECONDS or shaped_by is None:
        yield from (part for _pk, part in write(events))
        return
    rows = stamped(events).iterator(chunk_size=chunk_size)
    for chunk in batched(rows, chunk_size):
        kept = kept_parts(chunk, shaped_by, lambda pks: write(events.filter(pk__in=pks)))
        yield from (part for _pk, part in kept)
