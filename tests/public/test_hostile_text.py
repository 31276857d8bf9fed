"""What members write is text everywhere it is shown: markup in a title or a summary is
escaped on the pages, in the Atom feed, the calendars and the event's structured data,
and never becomes an element that a browser or a feed reader would run."""

import json
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, OrganizationFactory
from tests.public.conftest import S

ATOM = "{http://www.w3.org/2005/Atom}"
IMAGE = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
JSON_LD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def hostile_event(commemoration):
    organization = OrganizationFactory(name=f"Party {IMAGE}", slug="hostile-party")
    return EventFactory(
        commemoration=commemoration,
        organization=organization,
        title=f"Rally {IMAGE}",
        summary=f"Come {IMAGE} {SCRIPT}",
        description=f"Details {SCRIPT}",
        venue=f"Hall {IMAGE}",
        city="Paris",
        country="FR",
        status=S.APPROVED,
        approved_at="2024-01-01T10:00Z",
    )


def test_atom_feed_carries_titles_and_summaries_as_text(client, hostile_event):
    response = client.get(reverse("events:feed"))

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    body = response.getvalue().decode()
    assert "<img" not in body
    assert "<script" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    root = ET.fromstring(response.getvalue())
    assert root.find(f"{ATOM}title").get("type") == "text"
    assert root.find(f"{ATOM}subtitle").get("type") == "text"
    [entry] = root.findall(f"{ATOM}entry")
    title, summary = entry.find(f"{ATOM}title"), entry.find(f"{ATOM}summary")
    assert (title.get("type"), title.text) == ("text", f"Rally {IMAGE}")
    assert summary.get("type") == "text"
    assert summary.text.endswith(f"\n\nCome {IMAGE} {SCRIPT}\n\nDetails {SCRIPT}")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == f"Party {IMAGE}"
    # No element of the entry is declared as markup.
    assert [e.tag for e in entry.iter() if e.get("type") in {"html", "xhtml"}] == []


def test_atom_feed_marks_a_cancelled_events_title_as_text_too(client, hostile_event):
    Event.objects.filter(pk=hostile_event.pk).update(status=S.CANCELLED)

    root = ET.fromstring(client.get(reverse("events:feed")).getvalue())

    title = root.find(f"{ATOM}entry/{ATOM}title")
    assert (title.get("type"), title.text) == ("text", f"Cancelled: Rally {IMAGE}")


@pytest.mark.parametrize("feed", ["all", "one"])
def test_calendars_carry_the_text_as_plain_text(client, hostile_event, feed):
    path = (
        "/events.ics"
        if feed == "all"
        else reverse("events:detail_ics", args=[hostile_event.pk, hostile_event.slug])
    )

    response = client.get(path)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [component] = icalendar.Calendar.from_ical(response.getvalue()).walk("VEVENT")
    assert str(component["summary"]) == f"Rally {IMAGE}"
    assert str(component["description"]).startswith(f"Come {IMAGE} {SCRIPT}\n\nDetails")
    # Plain text only: no HTML alternative description for calendar apps to render.
    assert "X-ALT-DESC" not in component


def test_event_page_escapes_the_text_in_its_tags_and_structured_data(client, hostile_event):
    content = client.get(hostile_event.get_absolute_url()).getvalue().decode()

    assert "<img src=x" not in content
    assert "<script>alert" not in content
    assert '<meta property="og:title" content="Rally &lt;img src=x onerror=alert(1)&gt;">' in (
        content
    )
    assert (
        '<meta property="og:description" '
        'content="Come &lt;img src=x onerror=alert(1)&gt; &lt;/script&gt;&lt;script&gt;'
        'alert(1)&lt;/script&gt;">'
    ) in content
    [raw] = JSON_LD_SCRIPT.findall(content)
    assert "<" not in raw and ">" not in raw
    data = json.loads(raw)
    assert data["name"] == f"Rally {IMAGE}"
    assert data["description"] == f"Come {IMAGE} {SCRIPT}"
    assert data["organizer"][0]["name"] == f"Party {IMAGE}"
    assert data["location"][0]["name"] == f"Hall {IMAGE}"


@pytest.mark.parametrize(
    "path",
    ["/", "/events/", "/calendar/2024/1/", "/organizations/", "/organizations/hostile-party/"],
)
def test_public_pages_escape_the_text(client, hostile_event, path):
    response = client.get(path)

    assert response.status_code == 200
    content = response.getvalue().decode()
    assert "<img src=x" not in content
    assert "<script>alert" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
