"""Currency names as people say them, per language: "dollars", "dólares", "euros", "reais".

Full names ("US dollars", "dólares estadounidenses", "livres sterling") come from the CLDR
through Babel, singular and plural. People mostly say just the unit ("dollars"), which the
CLDR does not list apart, so each language's short names for the commonest currencies are
added here, as are the words for the hundredth part ("cents", "céntimos").
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import get_currency_name

from .language_words import base_language, fold_words, strip_accents

SPOKEN_CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "MXN", "BRL", "INR")
"""Currencies whose CLDR names are accepted in speech and text."""

_SHORT_NAMES = {
    "en": {"dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD", "euro": "EUR",
           "euros": "EUR", "pound": "GBP", "pounds": "GBP", "yen": "JPY"},
    "es": {"dolar": "USD", "dolares": "USD", "euro": "EUR", "euros": "EUR", "libra": "GBP",
           "libras": "GBP", "yen": "JPY", "yenes": "JPY"},
    "fr": {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "livre": "GBP",
           "livres": "GBP", "yen": "JPY", "yens": "JPY"},
    "de": {"dollar": "USD", "euro": "EUR", "euros": "EUR", "pfund": "GBP", "yen": "JPY"},
    "pt": {"dolar": "USD", "dolares": "USD", "euro": "EUR", "euros": "EUR", "libra": "GBP",
           "libras": "GBP", "real": "BRL", "reais": "BRL", "iene": "JPY", "ienes": "JPY"},
}  # fmt: skip
_CENT_WORDS = frozenset({"cent", "cents", "centimo", "centimos", "centavo", "centavos",
                         "centime", "centimes", "penny", "pence"})


@lru_cache(maxsize=8)
def _names(language: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for code in SPOKEN_CURRENCIES:
        for count in (1, 2):
            name = strip_accents(fold_words(get_currency_name(code, count, locale=language)))
            names.setdefault(name.replace("-", " "), code)
    names.update(_SHORT_NAMES.get(language, {}))
    return names


def currency_word(words: str, language: str, *, cents: bool = False) -> str | None:
    """The ISO code `words` names in `language` (or English); with `cents`, whether they name
    the hundredth part ("CENT"). None when they name no currency."""
    folded = strip_accents(fold_words(words)).replace("-", " ")
    if cents:
        return "CENT" if folded in _CENT_WORDS else None
    code = base_language(language)
    return _names(code).get(folded) or _names("en").get(folded)
