"""Each key figure on the home page equals the count of the public rule, and says so."""

import re

from events.models import Event
from tests.factories import EventFactory, OrganizationFactory, local


def figure(page, label):
    match = re.search(rf"<dt>{re.escape(label)}.*?</dt><dd>([\d,]+)</dd>", page, re.S)
    return int(match.group(1).replace(",", ""))


def test_each_home_figure_equals_the_public_rule_and_says_what_it_counts(client, commemoration):
    for n, (country, status) in enumerate(
        [("FR", "approved"), ("JP", "approved"), ("FR", "cancelled"), ("DE", "submitted")]
    ):
        EventFactory(
            commemoration=commemoration,
            organization=OrganizationFactory(),
            country=country,
            status=status,
            starts_at=local(2024, 1, 21 if n < 3 else 22, 18, zone="Europe/Paris"),
        )
    held = Event.objects.public().filter(commemoration=commemoration).exclude(status="cancelled")
    page = client.get("/").content.decode()
    assert figure(page, "Events held") == held.count() == 2
    assert "(1 cancelled, not counted)" in page
    assert figure(page, "Countries with an event held") == held.values("country").distinct().count()
    assert figure(page, "Events on Jan. 21, 2024") == held.filter(local_date="2024-01-21").count()
    assert figure(page, "Organizations") == 2
