"""What the committee should look at twice: likely duplicates and suspicious links.

Parties that co-organize often submit the same event twice. Two events are a likely pair
when they share an organization (the same host, or one's host co-organizes the other, or
they share a co-organizer), take place in the same city on the same local day, and have
similar titles (difflib's ratio, from Python's standard library, on the folded titles).
"""

import re
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from django.conf import settings

from events.models import Event

# Titles at least this alike (0 to 1) make a pair, with the rest in common.
TITLE_SIMILARITY = 0.75
LINKS_FOR_ATTENTION = 5
LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def _fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def titles_alike(a, b):
    return SequenceMatcher(None, _fold(a), _fold(b)).ratio() >= TITLE_SIMILARITY


def _organizations(event):
    return {event.organization_id, *(o.pk for o in event.co_organizers.all())}


def likely_duplicates(events, key=None):
    """{event id: [the events it likely duplicates]} for `events` (a page of the queue),
    in two queries whatever their number: one for the candidates, one for their
    co-organizers.

    Unsaved events (an import's rows) are keyed by `key(event)` instead of their id, and
    count only their host organization."""
    events = list(events)
    places = {(e.local_date, _fold(e.city)) for e in events if e.city}
    if not places:
        return {}
    days = {day for day, _city in places}
    candidates = (
        Event.objects.filter(local_date__in=days)
        .exclude(city="")
        .exclude(status=Event.Status.DRAFT)
        .select_related("organization")
        .prefetch_related("co_organizers")
    )
    by_place = defaultdict(list)
    for candidate in candidates:
        by_place[(candidate.local_date, _fold(candidate.city))].append(candidate)
    pairs = {}
    for event in events:
        if not event.city:
            continue
        mine = _organizations(event) if event.pk else {event.organization_id}
        found = [
            other
            for other in by_place.get((event.local_date, _fold(event.city)), [])
            if other.pk != event.pk
            and mine & _organizations(other)
            and titles_alike(event.title, other.title)
        ]
        if found:
            pairs[key(event) if key else event.pk] = found
    return pairs


def links_in(event):
    text = " ".join([event.summary, event.description, event.contact])
    return [*LINK.findall(text), *([event.online_url] if event.online_url else [])]


def attention_reasons(event):
    """Why a submission's links deserve a look: a host the committee has blocked, or many
    links. Empty when there is nothing to say."""
    blocked = {host.lower() for host in settings.BLOCKED_LINK_HOSTS}
    reasons = []
    hosts = {(urlsplit(link).hostname or "").lower() for link in links_in(event)}
    bad = sorted(h for h in hosts if h in blocked or any(h.endswith(f".{b}") for b in blocked))
    if bad:
        reasons.append(("blocked_host", ", ".join(bad)))
    if len(links_in(event)) >= LINKS_FOR_ATTENTION:
        reasons.append(("many_links", str(len(links_in(event)))))
    return reasons
