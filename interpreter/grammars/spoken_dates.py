"""Dates and times as people say them, in the session's language.

"tomorrow", "next Friday", "the third of May", "el tres de mayo de 2026", "vendredi prochain",
"two thirty pm", "a las catorce treinta": what a recogniser hands over, or a chat visitor types.
Month, weekday and relative-day words come from the CLDR (`language_words`); numbers are turned
into figures first. A weekday alone or "next …" is the first such day after today, "this …"
the first on or after today, "last …" the latest before today; a day and month without a year
is the next time that date comes (today included).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .base import GrammarMatch, matched, no_match
from .language_words import (
    figures,
    fold_words,
    month_numbers,
    relative_days,
    relative_weekdays,
    strip_accents,
    weekday_numbers,
)

_FILLERS = frozenset({"the", "of", "on", "de", "del", "el", "la", "le", "am", "der", "den", "dem",
                      "em", "o", "a", "du", "for", "an", "no", "dia", "jour", "tag"})
_DAY_NUMBER = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th|º|ª|o|a|er|re|e|\.)?")
_YEAR = re.compile(r"[0-9]{4}")
_TIME_FILLERS = frozenset({"at", "a", "las", "la", "l'", "à", "um", "as", "às", "o'clock",
                           "oclock", "heures", "heure", "h", "uhr", "horas", "hora", "e", "y",
                           "et", "und", "and"})
_HALVES = {"am": 0, "a.m.": 0, "a.m": 0, "pm": 12, "p.m.": 12, "p.m": 12}


def spoken_date(text: str, today: date | None, language: str) -> GrammarMatch | None:
    """The date `text` says, a no-match when it needs `today`; None when it is not spoken."""
    phrase = strip_accents(fold_words(text).replace(",", " ").rstrip("."))
    phrase = " ".join(phrase.split())
    offset = relative_days(language).get(phrase, relative_days("en").get(phrase))
    weekday = relative_weekdays(language).get(phrase) or relative_weekdays("en").get(phrase)
    if weekday is None:
        words = [word for word in phrase.split() if word not in _FILLERS]
        if len(words) == 1:
            day = weekday_numbers(language).get(words[0], weekday_numbers("en").get(words[0]))
            weekday = None if day is None else (day, 1)
    named = _day_and_month(figures(phrase, language), language)
    if offset is None and weekday is None and named is None:
        return None
    if today is None and not (named and named[2] is not None):
        return no_match("needs today's date")
    try:
        if offset is not None:
            assert today is not None
            return matched((today + timedelta(days=offset)).isoformat())
        if weekday is not None:
            assert today is not None
            return matched(_weekday_from(today, *weekday).isoformat())
        assert named is not None
        return _dated(named, today)
    except (OverflowError, ValueError):
        return no_match("not a date")


def _weekday_from(today: date, weekday: int, which: int) -> date:
    ahead = (weekday - today.weekday()) % 7
    if which < 0:
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    if which > 0 and ahead == 0:
        ahead = 7
    return today + timedelta(days=ahead)


def _day_and_month(phrase: str, language: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) when the words are exactly a day, a month and maybe a year."""
    months = month_numbers(language)
    english = month_numbers("en")
    day = month = year = None
    for word in phrase.split():
        if word in _FILLERS:
            continue
        name = word.rstrip(".")
        if (name in months or name in english) and month is None:
            month = months.get(name) or english[name]
        elif _YEAR.fullmatch(word) and year is None:
            year = int(word)
        elif (found := _DAY_NUMBER.fullmatch(word)) and day is None:
            day = int(found[1])
        else:
            return None
    if day is None or month is None:
        return None
    return day, month, year


def _dated(named: tuple[int, int, int | None], today: date | None) -> GrammarMatch:
    day, month, year = named
    if year is not None:
        return matched(date(year, month, day).isoformat())
    assert today is not None
    try:
        this_year = date(today.year, month, day)
    except ValueError:
        this_year = None
    if this_year is not None and this_year >= today:
        return matched(this_year.isoformat())
    for later in range(today.year + 1, today.year + 9):
        try:
            return matched(date(later, month, day).isoformat())
        except ValueError:
            continue
    return no_match("not a date")


def spoken_time(text: str, language: str) -> tuple[int, int] | None:
    """(hour, minute) for "two thirty pm", "catorce treinta", "14 Uhr 30"; None otherwise."""
    words = [word for word in figures(fold_words(text), language).split()
             if word not in _TIME_FILLERS]
    half = None
    if words and words[-1] in _HALVES:
        half = _HALVES[words.pop()]
    if not 1 <= len(words) <= 2 or not all(word.isascii() and word.isdigit() for word in words):
        return None
    hour, minute = int(words[0]), int(words[1]) if len(words) == 2 else 0
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + half
    if hour > 23 or minute > 59:
        return None
    return hour, minute
