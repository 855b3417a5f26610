"""Business hours and special days: parsing, messages for business users, open or closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from interpreter.business_calendar import (
    OpenRange,
    ScheduleError,
    SpecialDay,
    SpecialDays,
    WeeklySchedule,
    business_status,
    parse_schedule,
    parse_special_days,
    validate_schedule,
    validate_special_days,
)

HOUR = 3600
NINE_TO_FIVE = (OpenRange(9 * HOUR, 17 * HOUR),)
MORNING = OpenRange(8 * HOUR, 12 * HOUR)
ACME_HOURS = {
    "mon-fri": "08:00-18:00",
    "sat": "09:00-12:00,13:00-15:00",
    "timezone": "America/New_York",
}
ACME_SPECIAL_DAYS = [
    "2026-12-25",
    {"date": "2026-12-24", "name": "Christmas Eve", "hours": "08:00-12:00"},
    {"date": "2026-12-31", "name": "New Year's Eve", "hours": "20:00-02:00"},
]


def _days_with_hours(schedule: WeeklySchedule) -> list[str]:
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return [name for name, hours in zip(names, schedule.days) if hours]


@pytest.mark.parametrize(
    ("key", "days"),
    [
        ("mon", ["mon"]),
        ("Monday", ["mon"]),
        ("SUN", ["sun"]),
        ("mon-fri", ["mon", "tue", "wed", "thu", "fri"]),
        (" mon - wed ", ["mon", "tue", "wed"]),
        ("fri-mon", ["mon", "fri", "sat", "sun"]),
        ("mon,wed,fri", ["mon", "wed", "fri"]),
        ("mon-tue, sat", ["mon", "tue", "sat"]),
        ("saturday-sunday", ["sat", "sun"]),
    ],
)
def test_day_keys_name_days_ranges_and_lists(key: str, days: list[str]) -> None:
    assert _days_with_hours(parse_schedule({key: "09:00-17:00"})) == days


@pytest.mark.parametrize(
    ("hours", "ranges"),
    [
        ("09:00-17:00", NINE_TO_FIVE),
        ("9:00-17:00", NINE_TO_FIVE),
        (" 09:00 - 17:00 ", NINE_TO_FIVE),
        ("closed", ()),
        ("Closed", ()),
        ("24h", (OpenRange(0, 24 * HOUR),)),
        ("00:00-24:00", (OpenRange(0, 24 * HOUR),)),
        ("22:00-02:00", (OpenRange(22 * HOUR, 26 * HOUR),)),
        ("22:00-00:00", (OpenRange(22 * HOUR, 24 * HOUR),)),
        ("13:00-17:00,08:00-12:00", (MORNING, OpenRange(13 * HOUR, 17 * HOUR))),
        ("08:00-12:00,12:00-13:30", (MORNING, OpenRange(12 * HOUR, 13 * HOUR + 1800))),
    ],
)
def test_hours_values(hours: str, ranges: tuple[OpenRange, ...]) -> None:
    assert parse_schedule({"mon": hours}).days[0] == ranges


def test_days_not_given_are_closed_and_timezone_is_kept() -> None:
    schedule = parse_schedule(ACME_HOURS)
    assert schedule.days[6] == ()
    assert schedule.timezone == "America/New_York"
    assert parse_schedule({}).days == ((),) * 7
    assert parse_schedule({"mon": "24h"}).timezone is None


def test_open_range_reads_as_the_business_user_wrote_it() -> None:
    assert str(OpenRange(8 * HOUR, 18 * HOUR + 1800)) == "08:00-18:30"
    assert str(OpenRange(22 * HOUR, 26 * HOUR)) == "22:00-02:00"
    assert str(OpenRange(0, 24 * HOUR)) == "00:00-24:00"


BAD_SCHEDULES: list[tuple[Any, str, str | None]] = [
    ({"mon-fry": "08:00-18:00"}, "'mon-fry' is not a day or range of days", "mon-fry"),
    ({"mon-": "08:00-18:00"}, "'mon-' is not a day or range of days", "mon-"),
    ({"mon-tue-wed": "08:00-18:00"}, "'mon-tue-wed' is not a day or range of days", None),
    ({"mon-mon": "08:00-18:00"}, "'mon-mon' is not a day or range of days", "mon-mon"),
    ({"mon,,tue": "08:00-18:00"}, "'mon,,tue' is not a day or range of days", None),
    ({"weekdays": "08:00-18:00"}, "'weekdays' is not a day or range of days", "weekdays"),
    ({1: "08:00-18:00"}, "'1' is not a day or range of days", "1"),
    ({"mon": "8am-6pm"}, "'8am-6pm' is not a range of hours like '08:00-18:00' (in 'mon')", "mon"),
    ({"mon": "08:00"}, "'08:00' is not a range of hours", "mon"),
    ({"mon": "08:00-25:00"}, "'08:00-25:00' is not a range of hours", "mon"),
    ({"mon": "08:60-09:00"}, "'08:60-09:00' is not a range of hours", "mon"),
    ({"mon": "24:00-02:00"}, "'24:00-02:00' is not a range of hours", "mon"),
    ({"mon": "24:30"}, "is not a range of hours", "mon"),
    ({"mon": "open"}, "'open' is not a range of hours", "mon"),
    ({"mon": "08:00-08:00"}, "the hours '08:00-08:00' are empty (in 'mon')", "mon"),
    ({"mon": None}, "'mon' needs hours like '08:00-18:00'", "mon"),
    ({"mon": ["08:00-12:00"]}, "'mon' needs hours like", "mon"),
    (
        {"mon": "08:00-12:00,11:00-13:00"},
        "the hours '08:00-12:00' and '11:00-13:00' overlap (in 'mon')",
        "mon",
    ),
    (
        {"mon-fri": "08:00-18:00", "fri": "closed"},
        "'fri' has hours twice, in 'mon-fri' and 'fri'",
        "fri",
    ),
    ({"timezone": "America/New_Yrok"}, "'America/New_Yrok' is not a time zone", "timezone"),
    ({"timezone": ""}, "'' is not a time zone", "timezone"),
    ({"timezone": 5}, "'5' is not a time zone", "timezone"),
    ("mon-fri 08:00-18:00", "business hours must list days with their hours", None),
    (["mon"], "business hours must list days with their hours", None),
]


@pytest.mark.parametrize(("spec", "message", "key"), BAD_SCHEDULES, ids=repr)
def test_bad_schedules_are_explained(spec: Any, message: str, key: str | None) -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(spec)
    assert message in raised.value.message
    if key is not None:
        assert raised.value.key == key
    assert validate_schedule(spec) == [raised.value.message]


def test_validate_schedule_reports_every_problem() -> None:
    spec = {"mon-fry": "08:00-18:00", "tue": "8-6", "sun": "closed", "timezone": "Mars/Base"}
    assert validate_schedule(spec) == [
        "'mon-fry' is not a day or range of days",
        "'8-6' is not a range of hours like '08:00-18:00' (in 'tue')",
        "'Mars/Base' is not a time zone",
    ]
    assert validate_schedule(ACME_HOURS) == []


def test_special_days_from_dates_and_entries() -> None:
    special_days = parse_special_days([*ACME_SPECIAL_DAYS, date(2027, 1, 1)])
    assert special_days.get(date(2026, 12, 25)) == SpecialDay(date(2026, 12, 25))
    assert special_days.get(date(2026, 12, 24)) == SpecialDay(
        date(2026, 12, 24), "Christmas Eve", (OpenRange(8 * HOUR, 12 * HOUR),)
    )
    assert special_days.get(date(2027, 1, 1)) == SpecialDay(date(2027, 1, 1))
    assert special_days.get(date(2026, 12, 26)) is None
    assert parse_special_days([]).get(date(2026, 12, 25)) is None


def test_a_special_day_marked_closed_is_a_holiday() -> None:
    special_days = parse_special_days([{"date": "2026-12-25", "hours": "closed"}])
    assert special_days.get(date(2026, 12, 25)) == SpecialDay(date(2026, 12, 25))


BAD_SPECIAL_DAYS: list[tuple[Any, str, str | None]] = [
    (["2026-13-01"], "'2026-13-01' is not a date like '2026-12-25'", "2026-13-01"),
    (["2026-02-30"], "'2026-02-30' is not a date", "2026-02-30"),
    (["12/25/2026"], "'12/25/2026' is not a date", "12/25/2026"),
    (["20261225"], "'20261225' is not a date", "20261225"),
    ([datetime(2026, 12, 25, 9)], "is not a date", None),
    ([{"name": "Christmas"}], "special day 1 needs a 'date' like '2026-12-25'", "special day 1"),
    (
        ["2026-12-25", {"date": "2026-12-26", "when": "x"}],
        "'when' is not a setting of a special day",
        "special day 2",
    ),
    (
        [{"date": "2026-12-25", "name": 7}],
        "the name of special day '2026-12-25' must be text",
        "2026-12-25",
    ),
    (
        [{"date": "2026-12-24", "hours": "8-12"}],
        "'8-12' is not a range of hours like '08:00-18:00' (in '2026-12-24')",
        "2026-12-24",
    ),
    (
        ["2026-12-25", {"date": "2026-12-25"}],
        "'2026-12-25' is listed twice in special days",
        "2026-12-25",
    ),
    ("2026-12-25", "special days must be a list of dates like '2026-12-25'", None),
    ({"2026-12-25": "closed"}, "special days must be a list", None),
]


@pytest.mark.parametrize(("spec", "message", "key"), BAD_SPECIAL_DAYS, ids=repr)
def test_bad_special_days_are_explained(spec: Any, message: str, key: str | None) -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_special_days(spec)
    assert message in raised.value.message
    if key is not None:
        assert raised.value.key == key
    assert validate_special_days(spec) == [raised.value.message]
    assert validate_special_days(ACME_SPECIAL_DAYS) == []


NEW_YORK_STATUS: list[tuple[str, str]] = [
    ("2026-11-25T10:00:00-05:00", "open"),  # Wednesday
    ("2026-11-25T08:00:00-05:00", "open"),  # opening minute is open
    ("2026-11-25T07:59:59-05:00", "closed"),
    ("2026-11-25T17:59:59-05:00", "open"),
    ("2026-11-25T18:00:00-05:00", "closed"),  # closing minute is closed
    ("2026-11-25T15:00:00+00:00", "open"),  # 10:00 in New York
    ("2026-11-25T23:30:00+00:00", "closed"),  # 18:30 in New York
    ("2026-11-26T03:00:00+00:00", "closed"),  # Wednesday 22:00 in New York, Thanksgiving in UTC
    ("2026-11-28T10:00:00-05:00", "open"),  # Saturday morning
    ("2026-11-28T12:30:00-05:00", "closed"),  # Saturday lunch
    ("2026-11-28T14:59:00-05:00", "open"),
    ("2026-11-29T10:00:00-05:00", "closed"),  # Sunday
    ("2026-11-26T10:00:00-05:00", "holiday"),  # Thanksgiving, no hours
    ("2026-11-26T03:00:00-05:00", "holiday"),  # a holiday all day, also outside normal hours
    ("2026-12-25T10:00:00-05:00", "holiday"),
    ("2026-12-24T09:00:00-05:00", "open"),  # Christmas Eve, inside its own hours
    ("2026-12-24T13:00:00-05:00", "holiday"),  # Christmas Eve, normally open, outside its hours
    ("2026-12-31T21:00:00-05:00", "open"),  # New Year's Eve evening hours
    ("2026-12-31T10:00:00-05:00", "holiday"),
    ("2027-01-01T01:00:00-05:00", "holiday"),  # New Year's Day is itself a holiday
    ("2027-01-04T08:30:00-05:00", "open"),
]


@pytest.mark.parametrize(("now", "status"), NEW_YORK_STATUS)
def test_status_in_new_york(now: str, status: str) -> None:
    schedule = parse_schedule(ACME_HOURS)
    special_days = parse_special_days([*ACME_SPECIAL_DAYS, "2026-11-26", "2027-01-01"])
    assert business_status(schedule, special_days, datetime.fromisoformat(now)) == status


@pytest.mark.parametrize(
    ("now", "status"),
    [
        ("2026-11-27T23:00:00-05:00", "open"),  # Friday night
        ("2026-11-28T01:59:00-05:00", "open"),  # Friday's hours run into Saturday
        ("2026-11-28T02:00:00-05:00", "closed"),
        ("2026-11-28T21:00:00-05:00", "closed"),  # Saturday has no hours of its own
        ("2026-11-29T01:00:00-05:00", "closed"),
        ("2026-11-27T01:00:00-05:00", "closed"),  # Thursday is a holiday, nothing runs over
        ("2026-12-31T21:00:00-05:00", "open"),
        ("2027-01-01T01:30:00-05:00", "open"),  # New Year's Eve hours run into Friday
        ("2027-01-01T02:30:00-05:00", "closed"),
    ],
)
def test_overnight_hours_belong_to_the_day_they_start(now: str, status: str) -> None:
    schedule = parse_schedule({"mon-fri": "22:00-02:00", "timezone": "America/New_York"})
    special_days = parse_special_days(["2026-11-26", *ACME_SPECIAL_DAYS[2:]])
    assert business_status(schedule, special_days, datetime.fromisoformat(now)) == status


@pytest.mark.parametrize(
    ("utc", "status"),
    [
        ("2026-03-08T06:59:00", "open"),  # 01:59 EST, just before clocks go forward
        ("2026-03-08T07:00:00", "closed"),  # 03:00 EDT: 02:00-02:30 never happened
        ("2026-03-06T13:30:00", "closed"),  # Friday before: 08:30 EST
        ("2026-03-06T14:00:00", "open"),  # 09:00 EST
        ("2026-03-09T12:59:00", "closed"),  # Monday after: 08:59 EDT
        ("2026-03-09T13:00:00", "open"),  # 09:00 EDT, an hour earlier in UTC
        ("2026-11-01T04:59:00", "closed"),  # 00:59 EDT on the day clocks go back
        ("2026-11-01T05:30:00", "open"),  # 01:30 EDT
        ("2026-11-01T06:30:00", "open"),  # 01:30 EST, the same wall time again
        ("2026-11-01T07:29:00", "open"),  # 02:29 EST
        ("2026-11-01T07:30:00", "closed"),  # 02:30 EST
        ("2026-11-02T14:00:00", "open"),  # Monday 09:00 EST
        ("2026-11-02T13:30:00", "closed"),  # Monday 08:30 EST
    ],
)
def test_daylight_saving_changes_follow_the_wall_clock(utc: str, status: str) -> None:
    schedule = parse_schedule(
        {"mon-fri": "09:00-17:00", "sun": "01:00-02:30", "timezone": "America/New_York"}
    )
    now = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert business_status(schedule, None, now) == status


def test_open_all_day_stays_open_across_daylight_saving_changes() -> None:
    schedule = parse_schedule({"mon-sun": "24h", "timezone": "Europe/London"})
    start = datetime(2026, 3, 28, 20, tzinfo=UTC)
    for quarter_hours in range(4 * 24 * 2):
        now = start + timedelta(minutes=15 * quarter_hours)
        assert business_status(schedule, SpecialDays(), now) == "open"


def test_the_timezone_argument_overrides_the_schedule() -> None:
    schedule = parse_schedule(ACME_HOURS)
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)  # 04:00 in New York, 09:00 in London
    assert business_status(schedule, None, now) == "closed"
    assert business_status(schedule, None, now, timezone="Europe/London") == "open"


def test_without_any_timezone_utc_is_used() -> None:
    schedule = parse_schedule({"mon-fri": "08:00-18:00"})
    assert business_status(schedule, None, datetime(2026, 11, 25, 8, tzinfo=UTC)) == "open"
    new_york_morning = datetime.fromisoformat("2026-11-25T08:00:00-05:00")  # 13:00 UTC
    assert business_status(schedule, None, new_york_morning) == "open"
    new_york_evening = datetime.fromisoformat("2026-11-25T17:00:00-05:00")  # 22:00 UTC
    assert business_status(schedule, None, new_york_evening) == "closed"


def test_special_days_are_matched_on_the_local_date() -> None:
    schedule = parse_schedule({"mon-sun": "24h", "timezone": "Asia/Tokyo"})
    special_days = parse_special_days(["2026-12-25"])
    christmas_morning_in_tokyo = datetime(2026, 12, 24, 22, tzinfo=UTC)
    assert business_status(schedule, special_days, christmas_morning_in_tokyo) == "holiday"
    assert business_status(schedule, special_days, christmas_morning_in_tokyo, "UTC") == "open"


def test_now_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        business_status(parse_schedule(ACME_HOURS), None, datetime(2026, 11, 25, 10))


def test_an_unknown_timezone_argument_is_a_schedule_error() -> None:
    with pytest.raises(ScheduleError, match="'Mars/Base' is not a time zone") as raised:
        business_status(parse_schedule(ACME_HOURS), None, datetime.now(UTC), timezone="Mars/Base")
    assert raised.value.key == "timezone"


def test_parsed_values_are_immutable_and_comparable() -> None:
    first, second = parse_schedule(ACME_HOURS), parse_schedule(dict(ACME_HOURS))
    assert first == second
    assert hash(first) == hash(second)
    with pytest.raises(AttributeError):
        first.timezone = "UTC"  # type: ignore[misc]
    assert parse_special_days(ACME_SPECIAL_DAYS) == parse_special_days(ACME_SPECIAL_DAYS)
