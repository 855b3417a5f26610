"""Business hours and special days: is the business open, closed or on holiday right now?

The `business_hours` block takes one of three ports from this answer. A weekly schedule maps
days to opening hours, in the business's time zone:

    {"mon-fri": "08:00-18:00", "sat": "09:00-12:00", "timezone": "America/New_York"}

- Keys are days (`mon`…`sun`, or `monday`…`sunday`, any case), ranges (`mon-fri`; a range may
  wrap round the weekend, `fri-mon`) and comma lists (`mon,wed,fri`). A day given twice is an
  error; a day not given is closed. `timezone` is an IANA name; without it UTC is used.
- Values are `"HH:MM-HH:MM"`, several ranges comma-separated (`"08:00-12:00,13:00-17:00"`),
  `"closed"`, or `"24h"` (the same as `"00:00-24:00"`). Ranges are half-open: `08:00-18:00` is
  open at 08:00 and closed at 18:00. A range that ends before it starts (`22:00-02:00`) runs
  past midnight and belongs to the day it starts on.
- Special days are a list of `"2026-12-25"` dates, or of
  `{"date": "2026-12-24", "name": "Christmas Eve", "hours": "08:00-12:00"}`. On a special day
  only its own hours count: inside them the business is open, otherwise it is on holiday
  (also when the previous day's overnight hours would have run into it).

Everything is evaluated on the local wall clock of the time zone, so the answer follows
daylight-saving changes: at 09:00 local time it is 09:00 whatever the UTC offset.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

BusinessStatus = Literal["open", "closed", "holiday"]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS = {name: number for names in (DAY_NAMES, _FULL_DAY_NAMES) for number, name in enumerate(names)}
_SECONDS_PER_DAY = 24 * 60 * 60
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HOURS_EXAMPLE = "hours like '08:00-18:00', '08:00-12:00,13:00-17:00', 'closed' or '24h'"
_SPECIAL_DAY_KEYS = ("date", "name", "hours")


class ScheduleError(ValueError):
    """Business hours or special days that cannot be used, said so a business user follows."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


@dataclass(frozen=True, order=True)
class OpenRange:
    """Open from `start` to `end`, in seconds after the local midnight of the day it is on.

    `end` is above 24 h for a range that runs past midnight into the next day.
    """

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_clock_text(self.start)}-{_clock_text(self.end % _SECONDS_PER_DAY or self.end)}"


@dataclass(frozen=True)
class WeeklySchedule:
    """Opening hours for each day of the week, Monday first, and the time zone they are in."""

    days: tuple[tuple[OpenRange, ...], ...]
    timezone: str | None = None

    def hours_on(self, day: date) -> tuple[OpenRange, ...]:
        return self.days[day.weekday()]


@dataclass(frozen=True)
class SpecialDay:
    """A date with its own hours; `hours is None` means closed all day (a holiday)."""

    date: date
    name: str | None = None
    hours: tuple[OpenRange, ...] | None = None


@dataclass(frozen=True)
class SpecialDays:
    """The special days of a business, looked up by local date."""

    days: tuple[SpecialDay, ...] = ()
    _by_date: dict[date, SpecialDay] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_date", {day.date: day for day in self.days})

    def get(self, day: date) -> SpecialDay | None:
        return self._by_date.get(day)


def parse_schedule(spec: Mapping[str, Any]) -> WeeklySchedule:
    """The weekly schedule `spec` describes; ScheduleError for the first problem in it."""
    schedule, problems = _read_schedule(spec)
    if problems:
        raise problems[0]
    assert schedule is not None
    return schedule


def validate_schedule(spec: Any) -> list[str]:
    """Every problem in a weekly schedule, as messages; empty when it is usable."""
    return [problem.message for problem in _read_schedule(spec)[1]]


def parse_special_days(spec: Sequence[Any]) -> SpecialDays:
    """The special days `spec` lists; ScheduleError for the first problem in it."""
    special_days, problems = _read_special_days(spec)
    if problems:
        raise problems[0]
    return special_days


def validate_special_days(spec: Any) -> list[str]:
    """Every problem in a list of special days, as messages; empty when it is usable."""
    return [problem.message for problem in _read_special_days(spec)[1]]


def business_status(
    schedule: WeeklySchedule,
    special_days: SpecialDays | None,
    now: datetime,
    timezone: str | None = None,
) -> BusinessStatus:
    """Open, closed or holiday at `now` (timezone-aware) on the business's local clock.

    `timezone` overrides the schedule's own; with neither, UTC is used.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    zone_name = timezone or schedule.timezone or "UTC"
    zone = _zone(zone_name)
    if zone is None:
        raise ScheduleError(f"'{zone_name}' is not a time zone", "timezone")
    local = now.astimezone(zone)
    today = local.date()
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    special = special_days.get(today) if special_days else None
    if special is not None:
        inside = special.hours is not None and _inside(special.hours, seconds)
        return "open" if inside else "holiday"
    if _inside(schedule.hours_on(today), seconds):
        return "open"
    yesterday = _hours_on(schedule, special_days, today - timedelta(days=1))
    return "open" if _inside(yesterday, seconds + _SECONDS_PER_DAY) else "closed"


def _hours_on(schedule: WeeklySchedule, special_days: SpecialDays | None, day: date) -> tuple[OpenRange, ...]:
    special = special_days.get(day) if special_days else None
    if special is None:
        return schedule.hours_on(day)
    return special.hours or ()


def _inside(hours: tuple[OpenRange, ...], seconds: int) -> bool:
    return any(hours_range.start <= seconds < hours_range.end for hours_range in hours)


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _read_schedule(spec: Any) -> tuple[WeeklySchedule | None, list[ScheduleError]]:
    if not isinstance(spec, Mapping):
        message = "business hours must list days with their hours, like {'mon-fri': '08:00-18:00'}"
        return None, [ScheduleError(message)]
    problems: list[ScheduleError] = []
    days: list[tuple[OpenRange, ...]] = [()] * 7
    given_in: dict[int, str] = {}
    timezone: str | None = None
    for key, value in spec.items():
        if key == "timezone":
            timezone = _read_timezone(value, problems)
            continue
        day_numbers = _read_days(key, problems)
        hours = _read_hours(value, str(key), problems)
        for number in day_numbers:
            if number in given_in:
                message = f"'{DAY_NAMES[number]}' has hours twice, in '{given_in[number]}' and '{key}'"
                problems.append(ScheduleError(message, str(key)))
            given_in[number] = str(key)
            days[number] = hours
    return WeeklySchedule(tuple(days), timezone), problems


def _read_timezone(value: Any, problems: list[ScheduleError]) -> str | None:
    if not isinstance(value, str) or _zone(value) is None:
        problems.append(ScheduleError(f"'{value}' is not a time zone", "timezone"))
        return None
    return value


def _read_days(key: Any, problems: list[ScheduleError]) -> list[int]:
    """Day numbers (Monday is 0) a key such as 'mon-fri' or 'sat,sun' names."""
    numbers: list[int] = []
    items = key.split(",") if isinstance(key, str) else [None]
    for item in items:
        ends = [_DAY_NUMBERS.get(end.strip().lower()) for end in item.split("-")] if item else []
        if len(ends) == 1 and ends[0] is not None:
            numbers.append(ends[0])
        elif len(ends) == 2 and ends[0] is not None and ends[1] is not None and ends[0] != ends[1]:
            count = (ends[1] - ends[0]) % 7 + 1
            numbers.extend((ends[0] + offset) % 7 for offset in range(count))
        else:
            problems.append(ScheduleError(f"'{key}' is not a day or range of days", str(key)))
            return []
    return numbers


def _read_hours(value: Any, key: str, problems: list[ScheduleError]) -> tuple[OpenRange, ...]:
    """The ranges a value such as '08:00-12:00,13:00-17:00' describes."""
    if not isinstance(value, str):
        problems.append(ScheduleError(f"'{key}' needs {_HOURS_EXAMPLE}", key))
        return ()
    text = value.strip().lower()
    if text == "closed":
        return ()
    if text == "24h":
        return (OpenRange(0, _SECONDS_PER_DAY),)
    ranges: list[OpenRange] = []
    for part in text.split(","):
        hours_range = _read_range(part.strip(), key, problems)
        if hours_range is None:
            return ()
        ranges.append(hours_range)
    ranges.sort()
    for earlier, later in pairwise(ranges):
        if later.start < earlier.end:
            message = f"the hours '{earlier}' and '{later}' overlap (in '{key}')"
            problems.append(ScheduleError(message, key))
            return ()
    return tuple(ranges)


def _read_range(text: str, key: str, problems: list[ScheduleError]) -> OpenRange | None:
    ends = [end.strip() for end in text.split("-")]
    times = [_read_clock(end) for end in ends]
    if len(times) != 2 or times[0] is None or times[1] is None or times[0] == _SECONDS_PER_DAY:
        message = f"'{text}' is not a range of hours like '08:00-18:00' (in '{key}')"
        problems.append(ScheduleError(message, key))
        return None
    start, end = times[0], times[1]
    if start == end:
        problems.append(ScheduleError(f"the hours '{text}' are empty (in '{key}')", key))
        return None
    return OpenRange(start, end if end > start else end + _SECONDS_PER_DAY)


def _read_clock(text: str) -> int | None:
    """Seconds after midnight for 'HH:MM' (24:00 allowed, as the end of a day)."""
    found = _CLOCK.fullmatch(text)
    if not found:
        return None
    hour, minute = int(found[1]), int(found[2])
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        return None
    return hour * 3600 + minute * 60


def _clock_text(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _read_special_days(spec: Any) -> tuple[SpecialDays, list[ScheduleError]]:
    if isinstance(spec, str | bytes) or not isinstance(spec, Sequence):
        message = "special days must be a list of dates like '2026-12-25'"
        return SpecialDays(), [ScheduleError(message)]
    problems: list[ScheduleError] = []
    days: dict[date, SpecialDay] = {}
    for position, entry in enumerate(spec, start=1):
        special = _read_special_day(entry, position, problems)
        if special is None:
            continue
        if special.date in days:
            key = special.date.isoformat()
            problems.append(ScheduleError(f"'{key}' is listed twice in special days", key))
        days[special.date] = special
    return SpecialDays(tuple(days.values())), problems


def _read_special_day(entry: Any, position: int, problems: list[ScheduleError]) -> SpecialDay | None:
    if not isinstance(entry, Mapping):
        entry = {"date": entry}
    unknown = [str(key) for key in entry if key not in _SPECIAL_DAY_KEYS]
    if unknown:
        message = f"'{unknown[0]}' is not a setting of a special day (use date, name, hours)"
        problems.append(ScheduleError(message, f"special day {position}"))
        return None
    raw_date = entry.get("date")
    day = _read_date(raw_date)
    if day is None:
        where = f"special day {position}"
        if raw_date is None:
            problems.append(ScheduleError(f"{where} needs a 'date' like '2026-12-25'", where))
        else:
            message = f"'{raw_date}' is not a date like '2026-12-25'"
            problems.append(ScheduleError(message, str(raw_date)))
        return None
    key = day.isoformat()
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        problems.append(ScheduleError(f"the name of special day '{key}' must be text", key))
        return None
    hours_spec = entry.get("hours")
    hours = None if hours_spec is None else _read_hours(hours_spec, key, problems) or None
    return SpecialDay(day, name, hours)


def _read_date(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None
