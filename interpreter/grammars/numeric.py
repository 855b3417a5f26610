"""The `digits`, `number` and `currency` grammars: keyed or typed quantities.

Numbers are parsed with `Decimal` so "12.50" stays exact until the end; the value is an `int`
when the number is whole and a `float` otherwise, which both serialise as a JSON number.
Spelled-out numbers ("four eight two one", "doscientos doce", "twelve dollars fifty") are read
in the session's language, which is how spoken answers arrive.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .base import Grammar, GrammarMatch, count_digits, fold_chat_text, matched, no_match
from .currency_words import currency_word
from .language_words import base_language, figures, number_of
from .number_words import parse_number_words

_VOICE_DIGITS = re.compile(r"[0-9]+")
_CHAT_DIGITS = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
_VOICE_NUMBER = re.compile(r"[0-9]*\*?[0-9]+")
_AMOUNT = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
_CHAT_NUMBER = re.compile(rf"[+-]?(?:{_AMOUNT})")

_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def to_json_number(text: str) -> int | float | None:
    """`text` (digits, optional '.', sign) as an int when whole, else a float; None if huge."""
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if number == number.to_integral_value():
        return int(number)
    as_float = float(number)
    return as_float if abs(as_float) != float("inf") else None


class DigitsGrammar(Grammar):
    """A string of digits, leading zeros kept (account numbers, PINs)."""

    name = "digits"

    def match_voice(self, keys: str) -> GrammarMatch:
        if not _VOICE_DIGITS.fullmatch(keys):
            return no_match("not digits")
        return matched(keys)

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        folded = fold_chat_text(text)
        if not _CHAT_DIGITS.fullmatch(folded):
            folded = figures(folded, language)
            if not _CHAT_DIGITS.fullmatch(folded):
                return no_match("not digits")
        return matched(folded.replace(" ", "").replace("-", ""))

    def length_of(self, text: str, value: Any) -> int:
        return count_digits(str(value))


class NumberGrammar(Grammar):
    """A number: on voice `*` is the decimal point; on chat also signs, commas and words."""

    name = "number"

    def match_voice(self, keys: str) -> GrammarMatch:
        if not _VOICE_NUMBER.fullmatch(keys):
            return no_match("not a number")
        return _number_or_too_large(keys.replace("*", "."))

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        folded = fold_chat_text(text).translate(_MINUS_SIGNS)
        if _CHAT_NUMBER.fullmatch(folded):
            return _number_or_too_large(folded)
        from_words = parse_number_words(folded)
        if from_words is None and base_language(language) != "en":
            from_words = number_of(folded, language)
        if from_words is None:
            return no_match("not a number")
        return matched(from_words)


def _number_or_too_large(text: str) -> GrammarMatch:
    number = to_json_number(text)
    return no_match("too large") if number is None else matched(number)


_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
_CODES = frozenset(
    {
        "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "NZD", "CHF", "CNY", "HKD", "SGD", "INR",
        "MXN", "BRL", "ARS", "CLP", "COP", "PEN", "ZAR", "SEK", "NOK", "DKK", "PLN", "CZK",
        "HUF", "RON", "TRY", "ILS", "AED", "SAR", "KRW", "TWD", "THB", "PHP", "IDR", "MYR",
        "VND", "EGP", "NGN", "KES",
    }
)  # fmt: skip
_WORDS = {
    "dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD",
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "yen": "JPY",
}  # fmt: skip
_SYMBOL = "|".join(re.escape(symbol) for symbol in sorted(_SYMBOLS, key=len, reverse=True))
_CURRENCY = re.compile(
    rf"(?P<code1>[a-z]{{3}} ?)?(?P<symbol1>{_SYMBOL})? ?(?P<amount>{_AMOUNT})"
    rf" ?(?P<symbol2>{_SYMBOL})? ?(?P<code2>[a-z]+)?"
)


class CurrencyGrammar(Grammar):
    """An amount of money: `{"amount": 12.5, "currency": "USD" | None}` on both channels."""

    name = "currency"

    def match_voice(self, keys: str) -> GrammarMatch:
        if not _VOICE_NUMBER.fullmatch(keys):
            return no_match("not an amount")
        return _amount(keys.replace("*", "."), None)

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        folded = fold_chat_text(text)
        found = _CURRENCY.fullmatch(folded)
        if not found:
            return _spoken_amount(figures(folded, language), language)
        if not found or (found["symbol1"] and found["symbol2"]):
            return no_match("not an amount")
        if found["code1"] and found["code2"]:
            return no_match("not an amount")
        symbol = found["symbol1"] or found["symbol2"]
        code = _code_of(found["code1"] or found["code2"])
        if code == "?":
            return no_match("unknown currency")
        from_symbol = _SYMBOLS[symbol] if symbol else None
        if symbol == "$" and code:
            from_symbol = code
        if from_symbol and code and from_symbol != code:
            return no_match("conflicting currencies")
        return _amount(found["amount"], code or from_symbol)


_SPOKEN_AMOUNT = re.compile(
    r"(?P<whole>[0-9]+) (?P<name>[^0-9]+?)(?: (?P<cents>[0-9]{1,2})(?: (?P<unit>[^0-9]+))?)?"
)
_CONNECTIVES = frozenset({"and", "y", "con", "et", "und", "e", "com"})


def _spoken_amount(text: str, language: str) -> GrammarMatch:
    """ "12 dollars 50", "12 euros con 50 céntimos": whole units, a currency, then cents."""
    found = _SPOKEN_AMOUNT.fullmatch(text)
    if not found:
        return no_match("not an amount")
    words = found["name"].split()
    if words and words[-1] in _CONNECTIVES and found["cents"]:
        words = words[:-1]
    code = currency_word(" ".join(words), language)
    if code is None:
        return no_match("not an amount")
    cents = found["cents"] or "0"
    if found["unit"] and currency_word(found["unit"], language, cents=True) is None:
        return no_match("not an amount")
    return _amount(f"{found['whole']}.{int(cents):02d}", code)


def _code_of(token: str | None) -> str | None:
    """ISO code for a currency code or word; None when absent; "?" when not a currency."""
    if token is None:
        return None
    token = token.strip()
    if token in _WORDS:
        return _WORDS[token]
    return token.upper() if token.upper() in _CODES else "?"


def _amount(text: str, currency: str | None) -> GrammarMatch:
    amount = to_json_number(text)
    if amount is None:
        return no_match("too large")
    result: dict[str, Any] = {"amount": amount, "currency": currency}
    return matched(result)
