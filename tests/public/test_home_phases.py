"""The home page across the commemoration's life: a countdown before, the record after."""

import datetime

from django.utils import timezone

from commemoration.models import Commemoration
from events.models import Event
from tests.factories import CommemorationFactory, EventFactory, OrganizationFactory, local


def test_after_the_window_the_home_page_says_it_took_place_with_the_totals(client, db):
    # The factory's commemoration ran in 2024: over by now.
    over = CommemorationFactory()
    for country, zone in (("FR", "Europe/Paris"), ("JP", "Asia/Tokyo"), ("FR", "Europe/Paris")):
        EventFactory(
            commemoration=over,
            organization=OrganizationFactory(),
            country=country,
            timezone=zone,
            starts_at=local(2024, 1, 21, 18, zone=zone),
            status=Event.Status.APPROVED,
        )
    EventFactory(commemoration=over, status=Event.Status.CANCELLED, country="DE")
    EventFactory(commemoration=over, status=Event.Status.SUBMITTED, country="IT")
    later = CommemorationFactory(
        slug="next-one",
        title="Next commemoration",
        is_current=False,
        anchor_date=datetime.date(2030, 5, 1),
        starts_on=datetime.date(2030, 4, 1),
        ends_on=datetime.date(2030, 6, 1),
    )
    page = client.get("/").content.decode()
    assert "It took place" in page
    assert (
        "The commemoration took place from Jan. 1, 2024 to Dec. 31, 2024: "
        "3 events in 2 countries." in page
    )
    assert "Nothing else is planned" not in page
    assert f'<a href="/events/?commemoration={later.slug}">Next commemoration</a>' in page


def test_before_the_window_the_home_page_counts_down_to_the_anchor_day(client, db):
    today = timezone.localdate()
    Commemoration.objects.update(is_current=False)
    CommemorationFactory(
        slug="soon",
        anchor_date=today + datetime.timedelta(days=40),
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=100),
    )
    page = client.get("/").content.decode()
    assert "40 days to " in page
    assert "It took place" not in page
