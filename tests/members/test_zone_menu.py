"""The event form's menu of time zones: the common zones first, then canonical names only."""

import datetime
import re

from tests.factories import EventFactory, local


def zone_select(content):
    start = content.index('<select name="timezone"')
    return content[start : content.index("</select>", start)]


def test_the_zone_menu_starts_with_the_common_zones(member_client):
    select = zone_select(member_client.get("/my/events/new/").content.decode())
    groups = re.findall(r'<optgroup label="([^"]+)">', select)

    assert groups[0] == "Common zones"
    assert groups[1:4] == ["Africa", "America", "Antarctica"]
    common = select[: select.index('<optgroup label="Africa">')]
    assert '<option value="UTC">UTC</option>' in common
    assert '<option value="Asia/Tokyo">Asia/Tokyo (UTC+09:00)</option>' in common
    assert '<option value="America/Argentina/Buenos_Aires">' in common


def test_the_zone_menu_offers_no_deprecated_alias(member_client):
    select = zone_select(member_client.get("/my/events/new/").content.decode())

    for alias in ("Africa/Asmera", "Europe/Kiev", "Asia/Calcutta", "US/Eastern", "Etc/GMT-3"):
        assert f'value="{alias}"' not in select
    assert '<option value="Africa/Asmara">Africa/Asmara (UTC+03:00)</option>' in select
    assert '<option value="Asia/Kolkata">' in select
    assert '<option value="Europe/Kyiv">' in select


def test_an_event_saved_at_an_old_alias_still_edits(
    member_client, organization, commemoration, event_form_data
):
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        timezone="Africa/Asmera",
        starts_at=local(2024, 1, 21, 18, 30, "Africa/Asmera"),
        ends_at=local(2024, 1, 21, 20, 0, "Africa/Asmera"),
        city="Asmara",
        country="ER",
    )
    response = member_client.get(f"/my/events/{event.pk}/edit/")
    assert response.status_code == 200
    assert '<option value="Africa/Asmera" selected>Africa/Asmera</option>' in zone_select(
        response.content.decode()
    )

    response = member_client.post(
        f"/my/events/{event.pk}/edit/",
        event_form_data(timezone="Africa/Asmera", city="Asmara", country="ER", action="save"),
    )
    assert response["Location"] == f"/my/events/{event.pk}/"
    event.refresh_from_db()
    assert event.timezone == "Africa/Asmera"
    assert event.starts_at == datetime.datetime(2024, 1, 21, 15, 30, tzinfo=datetime.UTC)
