"""The event form's menu of time zones: the common zones first, then canonical names only."""

import re


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
