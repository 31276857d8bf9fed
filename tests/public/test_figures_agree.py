"""Each key figure on the home page equals the count of the public rule, and says so."""

import re

import pytest

from events.models import Event
from tests.factories import EventFactory, OrganizationFactory, local
from tests.public.conftest import HIDDEN_STATUSES, S


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


N_HELD, N_CANCELLED = 4, 2


@pytest.fixture
def counted_events(commemoration, organization):
    """N approved and M cancelled public events of `organization`, and one in each hidden
    status, which no count may include."""
    statuses = [S.APPROVED] * N_HELD + [S.CANCELLED] * N_CANCELLED + list(HIDDEN_STATUSES)
    for n, status in enumerate(statuses):
        EventFactory(
            commemoration=commemoration,
            organization=organization,
            status=status,
            starts_at=local(2024, 1, 10 + n, 18, zone="Europe/Paris"),
        )
    return Event.objects.public().filter(commemoration=commemoration)


def result_count(page):
    return re.search(r'<p class="result-count"[^>]*>(.*?)</p>', page, re.S).group(1)


def test_the_list_says_how_many_events_and_how_many_of_them_are_cancelled(client, counted_events):
    assert counted_events.count() == N_HELD + N_CANCELLED

    page = client.get("/events/").content.decode()

    assert result_count(page) == "6 events, 2 of them cancelled"


def test_the_lists_count_reads_in_spanish(client, counted_events):
    page = client.get("/events/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert result_count(page) == "6 eventos, 2 de ellos cancelados"


def test_the_lists_count_follows_its_filters(client, counted_events):
    page = client.get("/events/?starts_after=2024-01-14").content.decode()

    assert result_count(page) == "2 events, all of them cancelled"
    one = client.get("/events/?starts_after=2024-01-11&starts_before=2024-01-11").content.decode()
    assert result_count(one) == "1 event"


def test_home_organization_page_and_directory_count_what_the_list_counts(
    client, counted_events, organization
):
    home = client.get("/").content.decode()
    assert figure(home, "Events held") == counted_events.exclude(status=S.CANCELLED).count()
    assert "(2 cancelled, not counted)" in home

    page = client.get(organization.get_absolute_url()).content.decode()
    assert (
        result_count(page) == "Public events hosted or co-organized: 6 events, 2 of them cancelled."
    )

    directory = client.get("/organizations/").content.decode()
    assert "6 events, 2 of them cancelled" in directory
