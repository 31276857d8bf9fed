"""Any recurrence rule, however odd: events.series reads it into dates in the window, or
refuses it on `recurrence` (EditRefused), never with another error (a 500 in the doors)."""

import datetime
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from commemoration.models import Commemoration
from events import series as series_service
from events.models import Event
from events.services import EditRefused

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None)
NAMES = sorted(series_service.KNOWN_PARTS) + ["BYEASTER", "FOO", "freq", ""]
VALUES = st.one_of(
    st.sampled_from(["WEEKLY", "MONTHLY", "DAILY", "YEARLY", "HOURLY", "FR", "1FR", "-1SU"]),
    st.sampled_from(["MO,TU", "+60FR", "0", "-1", "31", "13", "400", "20240401T000000Z"]),
    st.sampled_from(["20240630", "99991231T235959Z", "00010101", "2", "9999", "XX", ""]),
    st.integers(-500, 500).map(str),
    st.text(alphabet="0123456789TZ+-,;=:ABCDEFGHIJKLMNOPQRSTUVWXYZ\x00\n ", max_size=12),
)
PART = st.tuples(st.sampled_from(NAMES), VALUES).map(lambda p: f"{p[0]}={p[1]}")
RULES = st.lists(PART, min_size=1, max_size=5).map(";".join)
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Rules as people and calendars write them, most of them readable.
PLAUSIBLE = st.builds(
    lambda freq, interval, byday, bymonthday, end: ";".join(
        part for part in [f"FREQ={freq}", interval, byday, bymonthday, end] if part
    ),
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.sampled_from(["", "INTERVAL=2", "INTERVAL=3"]),
    st.one_of(
        st.just(""),
        st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True).map(
            lambda days: "BYDAY=" + ",".join(days)
        ),
        st.tuples(st.sampled_from(["1", "2", "-1", "5"]), st.sampled_from(DAYS)).map(
            lambda nth_day: f"BYDAY={nth_day[0]}{nth_day[1]}"
        ),
    ),
    st.sampled_from(["", "", "BYMONTHDAY=1", "BYMONTHDAY=31", "BYMONTHDAY=-1"]),
    st.one_of(
        st.just(""),
        st.integers(1, 260).map(lambda n: f"COUNT={n}"),
        st.dates(datetime.date(2024, 1, 1), datetime.date(2025, 6, 30)).map(
            lambda day: f"UNTIL={day:%Y%m%d}T235959Z"
        ),
    ),
)


def friday():
    """An event on Friday 1 March 2024 at 19:00 in Paris, in the 2024 window (unsaved)."""
    commemoration = Commemoration(
        title="Centenary",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        anchor_date=datetime.date(2024, 1, 21),
    )
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    return Event(
        commemoration=commemoration,
        timezone="Europe/Paris",
        starts_at=datetime.datetime(2024, 3, 1, 19, tzinfo=paris),
        ends_at=datetime.datetime(2024, 3, 1, 21, tzinfo=paris),
    )


@PROPERTY_SETTINGS
@given(rule=st.one_of(PLAUSIBLE, RULES, RULES.map(lambda rule: f"FREQ=WEEKLY;{rule}")))
def test_any_rule_gives_dates_in_the_window_or_is_refused_on_recurrence(rule):
    event = friday()
    try:
        starts = series_service.occurrence_starts(event=event, rule=rule)
    except EditRefused as refused:
        assert list(refused.message_dict) == ["recurrence"]
        return
    assert 2 <= len(starts) <= series_service.MAX_OCCURRENCES
    assert starts[0] == datetime.datetime(2024, 3, 1, 19)
    assert starts == sorted(set(starts))
    assert all(event.commemoration.contains(start.date()) for start in starts)
    assert {start.time() for start in starts} == {datetime.time(19)}
