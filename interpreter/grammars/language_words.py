"""The words of the session language the grammars understand: numbers, months, days, yes/no.

Spoken answers ("four eight two one", "el tres de mayo", "sí") reach an input grammar as text,
in the session's language. What the languages call their months, weekdays and relative days
("tomorrow", "el próximo viernes") comes from the CLDR through Babel; spelled-out numbers are
turned into figures by text2num. Both only read data packaged with them: no I/O beyond that.
Languages other than those in `LANGUAGES` are read as English.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale
from babel.dates import get_day_names, get_month_names
from text_to_num import alpha2digit, text2num

LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "pt")
"""Languages whose words the grammars know; the first is the fallback."""

_DAY_FIELDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def base_language(language: str | None) -> str:
    """`es-US` → `es`; a language the grammars do not know → `en`."""
    code = (language or "").lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else LANGUAGES[0]


def fold_words(text: str) -> str:
    """Lower case, curly apostrophes straight, runs of spaces as one: how words are compared."""
    folded = unicodedata.normalize("NFKC", text).replace("\u2019", "'").lower()
    return " ".join(folded.split())


def strip_accents(text: str) -> str:
    """"sí" → "si": recognisers and keyboards often drop accents."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def figures(text: str, language: str) -> str:
    """`text` with its spelled-out numbers as figures: "four eight two" → "4 8 2".

    Every number is converted, even an isolated "one" (text2num keeps those as words by
    default, as they are often pronouns); ordinals become "3rd", "3º", "3." and so on.
    """
    try:
        return str(alpha2digit(text, base_language(language), 0))
    except ValueError:
        return text


def number_of(text: str, language: str) -> int | None:
    """The whole number that `text` spells in `language` ("doscientos doce" → 212), or None."""
    try:
        return int(text2num(text, base_language(language)))
    except ValueError:
        return None


@lru_cache(maxsize=len(LANGUAGES))
def month_numbers(language: str) -> dict[str, int]:
    """Month names and abbreviations (with and without accents, no final dot) → 1..12."""
    code = base_language(language)
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=code).items():
                for form in _forms(name):
                    names.setdefault(form, number)
    return names


@lru_cache(maxsize=len(LANGUAGES))
def weekday_numbers(language: str) -> dict[str, int]:
    """Weekday names (Monday = 0), with and without accents."""
    code = base_language(language)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in get_day_names("wide", context, locale=code).items():
            for form in _forms(name):
                names.setdefault(form, number)
    return names


@lru_cache(maxsize=len(LANGUAGES))
def relative_days(language: str) -> dict[str, int]:
    """"today", "mañana", "après-demain" … → days from today, from the CLDR's date fields."""
    fields = _date_fields(language)
    phrases: dict[str, int] = {}
    for offset, phrase in fields.get("day", {}).get("relative", {}).items():
        for form in _forms(phrase):
            phrases.setdefault(form, int(offset))
    return phrases


@lru_cache(maxsize=len(LANGUAGES))
def relative_weekdays(language: str) -> dict[str, tuple[int, int]]:
    """"next Friday", "este viernes" … → (weekday, -1 last / 0 this / 1 next), from the CLDR."""
    fields = _date_fields(language)
    phrases: dict[str, tuple[int, int]] = {}
    for weekday, field in enumerate(_DAY_FIELDS):
        for offset, phrase in fields.get(field, {}).get("relative", {}).items():
            for form in _forms(phrase):
                phrases.setdefault(form, (weekday, int(offset)))
    return phrases


def _date_fields(language: str) -> dict[str, dict[str, dict[int, str]]]:
    # Babel has no public accessor for the CLDR's relative date fields; they are plain data.
    data = Locale.parse(base_language(language))._data["date_fields"]
    return {name: {kind: dict(values) for kind, values in data[name].items()}
            for name in ("day", *_DAY_FIELDS) if name in data}


def _forms(name: str) -> set[str]:
    folded = fold_words(name).rstrip(".")
    return {folded, strip_accents(folded)}
