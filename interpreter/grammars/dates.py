"""The `date` and `time` grammars: a calendar date as "YYYY-MM-DD", a time of day as "HH:MM".

Dates are checked against the calendar ("2026-02-30" is not a date). Written dates use US
order when all parts are numbers (`11/25/2026` is November 25); a two-digit year is refused as
ambiguous. "today", "tomorrow" and "yesterday" need the caller's current date. Dates and
times said in words, in the session's language, are read by `spoken_dates`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .base import Grammar, GrammarMatch, fold_chat_text, matched, no_match
from .spoken_dates import spoken_date, spoken_time

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "sept": 9,
}  # fmt: skip
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}

_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR_FIRST = re.compile(r"(?P<y>[0-9]{4})([-/])(?P<m>[0-9]{1,2})\2(?P<d>[0-9]{1,2})")
_MONTH_FIRST = re.compile(r"(?P<m>[0-9]{1,2})([-/])(?P<d>[0-9]{1,2})\2(?P<y>[0-9]{4})")
_DAY_NAME_YEAR = re.compile(
    rf"(?P<d>[0-9]{{1,2}}){_ORDINAL}[ -](?:of )?(?P<month>[a-z]+)\.?[ -](?P<y>[0-9]{{4}})"
)
_NAME_DAY_YEAR = re.compile(rf"(?P<month>[a-z]+)\.? (?P<d>[0-9]{{1,2}}){_ORDINAL} (?P<y>[0-9]{{4}})")
_NUMERIC_DATES = (_YEAR_FIRST, _MONTH_FIRST)
_WORDED_DATES = (_DAY_NAME_YEAR, _NAME_DAY_YEAR)


class DateGrammar(Grammar):
    """A calendar date; voice keys it as YYYYMMDD."""

    name = "date"

    def match_voice(self, keys: str) -> GrammarMatch:
        if not (len(keys) == 8 and keys.isascii() and keys.isdigit()):
            return no_match("not a date")
        return _calendar_date(int(keys[:4]), int(keys[4:6]), int(keys[6:]))

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        folded = " ".join(fold_chat_text(text).replace(",", " ").split())
        if folded in _RELATIVE_DAYS:
            if today is None:
                return no_match("needs today's date")
            try:
                return matched((today + timedelta(days=_RELATIVE_DAYS[folded])).isoformat())
            except OverflowError:
                return no_match("not a date")
        for pattern in _NUMERIC_DATES:
            found = pattern.fullmatch(folded)
            if found:
                return _calendar_date(int(found["y"]), int(found["m"]), int(found["d"]))
        for pattern in _WORDED_DATES:
            found = pattern.fullmatch(folded)
            if found and found["month"] in _MONTHS:
                month = _MONTHS[found["month"]]
                return _calendar_date(int(found["y"]), month, int(found["d"]))
        return spoken_date(folded, today, language) or no_match("not a date")


def _calendar_date(year: int, month: int, day: int) -> GrammarMatch:
    try:
        return matched(date(year, month, day).isoformat())
    except ValueError:
        return no_match("not a date")


_TWENTY_FOUR_HOUR = re.compile(r"(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})")
_TWELVE_HOUR = re.compile(r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))? ?(?P<half>[ap])\.? ?m\.?")
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


class TimeGrammar(Grammar):
    """A time of day, 24-hour "HH:MM"; voice keys it as HHMM."""

    name = "time"

    def match_voice(self, keys: str) -> GrammarMatch:
        if not (len(keys) == 4 and keys.isascii() and keys.isdigit()):
            return no_match("not a time")
        return _clock_time(int(keys[:2]), int(keys[2:]))

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        folded = fold_chat_text(text)
        if folded in _NAMED_TIMES:
            return matched(_NAMED_TIMES[folded])
        found = _TWENTY_FOUR_HOUR.fullmatch(folded)
        if found:
            return _clock_time(int(found["h"]), int(found["m"]))
        found = _TWELVE_HOUR.fullmatch(folded)
        if not found:
            spoken = spoken_time(folded, language)
            return no_match("not a time") if spoken is None else _clock_time(*spoken)
        hour, minute = int(found["h"]), int(found["m"] or 0)
        if not 1 <= hour <= 12:
            return no_match("not a time")
        hour = hour % 12 + (12 if found["half"] == "p" else 0)
        return _clock_time(hour, minute)


def _clock_time(hour: int, minute: int) -> GrammarMatch:
    if hour > 23 or minute > 59:
        return no_match("not a time")
    return matched(f"{hour:02d}:{minute:02d}")
