"""The ``Time`` namespace: clock, parsing, formatting and calendar arithmetic for flows.

Not part of ECMAScript (``Date`` objects are mutable and locale-dependent); times are plain
numbers of milliseconds since the Unix epoch, like ``Date.now()``, so they compare and
subtract with ordinary operators and store as JSON. Zones are IANA names resolved with
``zoneinfo``; the clock and the default zone come from the evaluation context.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .context import context_or_default
from .conversions import to_integer, to_js_string, to_number
from .errors import range_error
from .natives import arg, register
from .values import UNDEFINED, Namespace

_TIME: dict[str, Any] = {}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_ZONES: dict[str, tzinfo] = {}
_TOKENS = re.compile(r"\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z")
_TIME_OF_DAY = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"


def _zone(value: Any, ctx: Any) -> tzinfo:
    name = context_or_default(ctx).timezone if value is UNDEFINED else to_js_string(value)
    zone = _ZONES.get(name)
    if zone is not None:
        return zone
    if len(name) > 64 or not _ZONE_NAME.fullmatch(name):
        raise range_error(f"Invalid time zone specified: {name}")
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise range_error(f"Invalid time zone specified: {name}") from None
    if len(_ZONES) < 1000:
        _ZONES[name] = zone
    return zone


def _milliseconds(value: Any) -> float:
    """TimeClip: whole milliseconds, NaN outside ±8.64e15 like ECMAScript dates."""
    number = to_number(value)
    if number != number or abs(number) > 8.64e15:
        return math.nan
    return float(math.trunc(number))


def _local(value: Any, zone: tzinfo) -> datetime:
    milliseconds = _milliseconds(value)
    if milliseconds != milliseconds:
        raise range_error("Invalid time value")
    try:
        return (_EPOCH + timedelta(milliseconds=milliseconds)).astimezone(zone)
    except (OverflowError, ValueError):
        raise range_error("Invalid time value") from None


def _instant(moment: datetime) -> float:
    return float((moment - _EPOCH) // _MILLISECOND)


def _offset(moment: datetime, separator: str) -> str:
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{separator}{minutes:02d}"


def _token(moment: datetime, token: str) -> str:
    hour12 = moment.hour % 12 or 12
    values = {
        "YYYY": f"{moment.year:04d}",
        "YY": f"{moment.year % 100:02d}",
        "MMMM": _MONTHS[moment.month - 1],
        "MMM": _MONTHS[moment.month - 1][:3],
        "MM": f"{moment.month:02d}",
        "M": str(moment.month),
        "DD": f"{moment.day:02d}",
        "D": str(moment.day),
        "dddd": _DAYS[moment.weekday()],
        "ddd": _DAYS[moment.weekday()][:3],
        "HH": f"{moment.hour:02d}",
        "H": str(moment.hour),
        "hh": f"{hour12:02d}",
        "h": str(hour12),
        "mm": f"{moment.minute:02d}",
        "m": str(moment.minute),
        "ss": f"{moment.second:02d}",
        "s": str(moment.second),
        "SSS": f"{moment.microsecond // 1000:03d}",
        "A": "AM" if moment.hour < 12 else "PM",
        "a": "am" if moment.hour < 12 else "pm",
        "ZZ": _offset(moment, ""),
        "Z": _offset(moment, ":"),
    }
    return values[token]


def format_time(value: Any, pattern: str, zone: tzinfo) -> str:
    moment = _local(value, zone)

    def replace(match: re.Match[str]) -> str:
        literal = match.group(1)
        return literal if literal is not None else _token(moment, match.group())

    return _TOKENS.sub(replace, pattern[:256])


@register(_TIME, "now")
def _now(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return float(context_or_default(ctx).now_ms())


@register(_TIME, "parse")
def _parse(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    text = to_js_string(arg(args, 0)).strip()
    zone = _zone(arg(args, 1), ctx)
    if len(text) > 64:
        return math.nan
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return math.nan
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return _instant(moment)


@register(_TIME, "format")
def _format(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    pattern_arg = arg(args, 1)
    pattern = DEFAULT_FORMAT if pattern_arg is UNDEFINED else to_js_string(pattern_arg)
    return format_time(arg(args, 0), pattern, _zone(arg(args, 2), ctx))


@register(_TIME, "parts")
def _parts(this: Any, args: tuple[Any, ...], ctx: Any) -> dict[str, Any]:
    moment = _local(arg(args, 0), _zone(arg(args, 1), ctx))
    return {
        "year": float(moment.year),
        "month": float(moment.month),
        "day": float(moment.day),
        "hour": float(moment.hour),
        "minute": float(moment.minute),
        "second": float(moment.second),
        "millisecond": float(moment.microsecond // 1000),
        "dayOfWeek": float(moment.isoweekday() % 7),
    }


@register(_TIME, "dayOfWeek")
def _day_of_week(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    zone = _zone(arg(args, 1), ctx)
    if _milliseconds(arg(args, 0)) != _milliseconds(arg(args, 0)):
        return math.nan
    return float(_local(arg(args, 0), zone).isoweekday() % 7)


def _adder(unit_ms: float) -> Any:
    def impl(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
        return _milliseconds(to_number(arg(args, 0)) + to_number(arg(args, 1)) * unit_ms)

    return impl


for _name, _unit in (("addSeconds", 1000.0), ("addMinutes", 60000.0), ("addHours", 3600000.0)):
    register(_TIME, _name)(_adder(_unit))


@register(_TIME, "addDays")
def _add_days(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    """Same wall-clock time ``n`` calendar days later in the zone (DST-aware)."""
    zone = _zone(arg(args, 2), ctx)
    days = to_integer(arg(args, 1))
    if _milliseconds(arg(args, 0)) != _milliseconds(arg(args, 0)) or abs(days) > 1e8:
        return math.nan
    moment = _local(arg(args, 0), zone)
    try:
        shifted = moment.replace(tzinfo=None) + timedelta(days=days)
    except OverflowError:
        return math.nan
    return _instant(shifted.replace(tzinfo=zone))


@register(_TIME, "startOfDay")
def _start_of_day(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    zone = _zone(arg(args, 1), ctx)
    if _milliseconds(arg(args, 0)) != _milliseconds(arg(args, 0)):
        return math.nan
    moment = _local(arg(args, 0), zone)
    midnight = datetime(moment.year, moment.month, moment.day, tzinfo=zone)
    return _instant(midnight)


def _seconds_of_day(value: Any) -> int:
    text = to_js_string(value)
    match = _TIME_OF_DAY.fullmatch(text)
    if match is None:
        raise range_error(f"Invalid time of day '{text[:20]}' (use HH:mm)")
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds or 0)


@register(_TIME, "isBetween")
def _is_between(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    """Local time of day in [start, end); a start after the end wraps past midnight."""
    start = _seconds_of_day(arg(args, 1))
    end = _seconds_of_day(arg(args, 2))
    moment = _local(arg(args, 0), _zone(arg(args, 3), ctx))
    now = moment.hour * 3600 + moment.minute * 60 + moment.second
    if start <= end:
        return start <= now < end
    return now >= start or now < end


TIME = Namespace("Time", _TIME)
