"""Reading values aloud in the session's language: digits, numbers, money, dates and times.

A prompt part `{"value": ..., "as": "date"}` is rendered here. Dates, times, numbers and
amounts follow the CLDR's conventions for the language (through Babel): "November 25, 2026",
"25 de noviembre de 2026", "25. November 2026"; "1.234,50 euros". US English keeps its short
forms ("$1,234.50", "2:30 PM", "9 AM"), which text-to-speech reads best. A language Babel does
not know is read as US English. Babel only reads the locale data it ships with.
"""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from interpreter.expressions import to_js_string, to_number

DEFAULT_CURRENCY = "USD"
"""The currency of an amount given as a bare number."""


@lru_cache(maxsize=64)
def locale_of(language: str) -> Locale:
    """The Babel locale for a session language ("es-US", "pt_BR"); US English if unknown."""
    try:
        return Locale.parse(language.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale("en", "US")


def say_as(value: Any, kind: str, language: str = "en-US") -> str:
    """A value as words for speech or chat; a value that does not fit `kind` reads as is."""
    locale = locale_of(language)
    english = locale.language == "en"
    if kind == "digits":
        return " ".join(ch for ch in to_js_string(value) if not ch.isspace())
    if kind == "currency":
        return _amount(value, locale, english)
    if kind == "number" and not english:
        number = to_number(value)
        return to_js_string(value) if number != number else format_decimal(number, locale=locale)
    if kind == "date":
        return _date(to_js_string(value), locale)
    if kind == "time":
        return _time(to_js_string(value), locale, english)
    return to_js_string(value)


def _amount(value: Any, locale: Locale, english: bool) -> str:
    currency = DEFAULT_CURRENCY
    if isinstance(value, dict) and "amount" in value:
        currency = value.get("currency") or DEFAULT_CURRENCY
        value = value["amount"]
    number = to_number(value)
    if number != number or abs(number) == float("inf"):
        return to_js_string(value)
    try:
        if english:
            return format_currency(number, currency, locale=locale)
        return format_currency(number, currency, locale=locale, format_type="name")
    except (UnknownLocaleError, ValueError):
        return to_js_string(value)


def _date(text: str, locale: Locale) -> str:
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return format_date(day, "long", locale=locale)


def _time(text: str, locale: Locale, english: bool) -> str:
    try:
        moment = time.fromisoformat(text if len(text) > 5 else text + ":00")
    except ValueError:
        return text
    if english:
        hour = moment.hour % 12 or 12
        suffix = "AM" if moment.hour < 12 else "PM"
        return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"
    return format_time(moment, "short", locale=locale).replace("\u202f", " ")
