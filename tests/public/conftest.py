"""Fixtures of the public pages: an event in every state, and ways to read pages back."""

import datetime
import html
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from commemoration.models import Commemoration
from events.models import Event
from tests.factories import CommemorationFactory, EventFactory

S = Event.Status
HIDDEN_STATUSES = (S.DRAFT, S.SUBMITTED, S.REJECTED)


def approved(commemoration, organization, title, starts_at, zone, **fields):
    """An approved event of `organization` starting at `starts_at` in the zone `zone`."""
    return EventFactory(
        commemoration=commemoration,
        organization=organization,
        title=title,
        timezone=zone,
        starts_at=starts_at,
        status=S.APPROVED,
        **fields,
    )


@pytest.fixture
def events_in_every_state(commemoration, organization):
    """One event per status, all on the anchor day in Paris, titled after their status."""
    return {
        status: EventFactory(
            commemoration=commemoration,
            organization=organization,
            title=f"{status.label} event",
            status=status,
            cancellation_reason="The hall burnt down." if status == S.CANCELLED else "",
        )
        for status in S
    }


@pytest.fixture
def running_commemoration(db):
    """A commemoration whose window contains today, so that some events are still to come."""
    today = timezone.localdate()
    Commemoration.objects.update(is_current=False)
    return CommemorationFactory(
        slug="running",
        title="Running commemoration",
        anchor_date=today + datetime.timedelta(days=5),
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=40),
    )


EVENT_TITLE = re.compile(r'<h3 class="event-title"><a href="[^"]+">([^<]+)</a></h3>')
CALENDAR_ENTRY = re.compile(
    r'<time datetime="([0-9-]+)"><span class="day-name">[^<]*</span>[^<]*</time></p>(.*?)</td>',
    re.S,
)
CALENDAR_TITLE = re.compile(r'<a href="/events/[^"]+">([^<]+)</a>')


def listed_titles(response):
    """The titles of the event cards on a page, in their order."""
    return [html.unescape(title) for title in EVENT_TITLE.findall(response.content.decode())]


def card_titles(cards):
    """The titles of the events of a page's cards (events.cards.Card), in their order."""
    return [html.unescape(EVENT_TITLE.search(card.card).group(1)) for card in cards]


def calendar_days(response):
    """{ISO date: [titles of the events shown on that day]} for the days with events."""
    days = {}
    for day, cell in CALENDAR_ENTRY.findall(response.content.decode()):
        titles = [html.unescape(t) for t in CALENDAR_TITLE.findall(cell)]
        if titles:
            days[day] = titles
    return days


@pytest.fixture(autouse=True)
def empty_cache():
    """Rendered feeds are cached by their ETag; each test starts without them."""
    cache.clear()
    yield
    cache.clear()
