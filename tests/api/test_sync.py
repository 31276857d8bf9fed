"""A mirror kept with `updated_since` and `events/removed/` holds exactly the public set."""

from events.models import Event, EventRemoval
from events.services import (
    approve_event,
    cancel_event,
    reject_event,
    return_event_to_draft,
    submit_event,
    update_event,
)
from tests.api.conftest import EVENTS
from tests.factories import EventFactory


class Mirror:
    """Another site's copy of the public calendar, refreshed as the documentation says."""

    def __init__(self, client):
        self.client = client
        self.events = {}
        self.since = None

    def refresh(self):
        if self.since is None:
            self.since = "2000-01-01T00:00:00Z"
        removed = self.client.get(f"{EVENTS}removed/", {"since": self.since})
        assert removed.status_code == 200, removed.content
        for pk in removed.json()["ids"]:
            self.events.pop(pk, None)
        url = f"{EVENTS}?updated_since={self.since}&ordering=updated_at&page_size=2"
        while url:
            page = self.client.get(url).json()
            self.events.update({row["id"]: row for row in page["results"]})
            url = page["next"]
        self.since = removed.json()["until"]

    def matches_the_site(self):
        everything = self.client.get(EVENTS, {"page_size": 200}).json()["results"]
        return self.events == {row["id"]: row for row in everything}


def test_mirror_reproduces_the_public_set_through_every_kind_of_change(
    anon, organization, member, moderator
):
    mirror = Mirror(anon)
    drafts = [EventFactory(organization=organization, title=f"Event {n}") for n in range(7)]
    a, b, c, d, e, f, g = drafts
    for event in drafts:
        submit_event(event, by=member)
    for event in (a, b, c, d, e):
        approve_event(event, by=moderator)
    mirror.refresh()
    assert sorted(mirror.events) == [a.pk, b.pk, c.pk, d.pk, e.pk]
    assert mirror.matches_the_site()

    # An edit that stays public, a cancellation, a rejection after approval, a return to
    # draft, an edit that goes back to moderation, a deletion, a draft deleted unseen.
    a.languages = ["fr", "en"]
    a.save()
    cancel_event(b, by=member, reason="Rain.")
    reject_event(c, by=moderator, reason="Not related to the commemoration.")
    return_event_to_draft(d, by=member)
    update_event(e, by=member, data={"title": "Renamed"})
    approve_event(f, by=moderator)
    g.delete()
    mirror.refresh()
    assert sorted(mirror.events) == [a.pk, b.pk, f.pk]
    assert mirror.events[a.pk]["languages"] == ["fr", "en"]
    assert mirror.events[b.pk]["status"] == "cancelled"
    assert mirror.matches_the_site()

    # An event that left and came back is not reported removed; a public one deleted is.
    submit_event(d, by=member)
    approve_event(d, by=moderator)
    approve_event(e, by=moderator)
    Event.objects.filter(pk=f.pk).delete()  # as the admin's bulk delete does
    mirror.refresh()
    assert sorted(mirror.events) == [a.pk, b.pk, d.pk, e.pk]
    assert mirror.events[e.pk]["title"] == "Renamed"
    assert mirror.matches_the_site()

    # Nothing changed: nothing to do.
    mirror.refresh()
    assert mirror.matches_the_site()


def test_removed_reports_only_events_that_left_and_are_not_back(
    anon, organization, member, moderator
):
    since = anon.get(f"{EVENTS}removed/", {"since": "2000-01-01T00:00:00Z"}).json()["until"]
    left = EventFactory(organization=organization, status=Event.Status.APPROVED)
    back = EventFactory(organization=organization, status=Event.Status.APPROVED)
    never_public = EventFactory(organization=organization, status=Event.Status.SUBMITTED)
    reject_event(left, by=moderator, reason="No.")
    reject_event(back, by=moderator, reason="Not yet.")
    submit_event(back, by=member)
    approve_event(back, by=moderator)
    reject_event(never_public, by=moderator, reason="No.")
    never_public_id = never_public.pk
    never_public.delete()

    response = anon.get(f"{EVENTS}removed/", {"since": since})

    assert response.status_code == 200
    body = response.json()
    assert body["ids"] == [left.pk]
    assert body["since"] == since
    assert EventRemoval.objects.get(event_id=never_public_id).was_public is False


def test_removed_since_a_later_moment_forgets_older_removals(anon, organization, moderator):
    event = EventFactory(organization=organization, status=Event.Status.APPROVED)
    deleted_id = event.pk
    event.delete()
    later = anon.get(f"{EVENTS}removed/", {"since": "2000-01-01T00:00:00+00:00"}).json()

    assert later["ids"] == [deleted_id]
    assert anon.get(f"{EVENTS}removed/", {"since": later["until"]}).json()["ids"] == []


def test_since_accepts_an_unencoded_plus_offset(anon, db):
    response = anon.get(f"{EVENTS}removed/?since=2024-01-21T10:00:00+01:00")

    assert response.status_code == 200
    assert response.json()["since"] == "2024-01-21T09:00:00Z"
