"""The list and the calendar offer "near me" as the map does: the near= field and its button."""

import pytest

from tests.factories import local
from tests.public.conftest import approved, calendar_days, listed_titles


@pytest.fixture
def lyon_and_berlin(commemoration, organization):
    day = local(2024, 1, 21, 18, zone="Europe/Paris")
    approved(
        commemoration,
        organization,
        "Lyon lecture",
        day,
        "Europe/Paris",
        city="Lyon",
        country="FR",
        latitude=45.76,
        longitude=4.84,
    )
    approved(
        commemoration,
        organization,
        "Berlin rally",
        day,
        "Europe/Berlin",
        city="Berlin",
        country="DE",
        latitude=52.52,
        longitude=13.40,
    )


@pytest.mark.parametrize("path", ["/events/", "/calendar/2024/1/", "/map/"])
def test_the_filter_form_has_the_near_field_and_the_near_me_button(client, db, path):
    content = client.get(path).content.decode()
    form = content[content.index('<form method="get" action="" class="filters"') :]
    form = form[: form.index("</form>")]

    assert '<input type="text" name="near"' in form
    assert "data-near-me " in form
    assert "Events near me</button>" in form
    # Once on the page, and its script once.
    assert content.count("data-near-me ") == 1
    assert content.count('<script src="/static/js/near-me.js" defer></script>') == 1


def test_near_paris_within_400_km_on_the_list_and_the_calendar(client, lyon_and_berlin):
    query = {"near": "Paris", "radius": "400", "starts_after": "2024-01-01"}
    listing = client.get("/events/", query)
    month = client.get("/calendar/2024/1/", {"near": "Paris", "radius": "400"})

    assert listing.status_code == 200
    assert listed_titles(listing) == ["Lyon lecture"]
    assert calendar_days(month) == {"2024-01-21": ["Lyon lecture"]}
