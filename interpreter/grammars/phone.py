"""The `phone` grammar: a telephone number reduced to its digits, keeping a leading '+'.

Chat visitors type numbers with spaces, dashes, dots and parentheses; those are dropped, so
"(555) 123-4567" is "5551234567" and "+1 555 123 4567" is "+15551234567". A number has 3 to 15
digits (the E.164 maximum); nothing else, such as an extension, is accepted. Spoken numbers
("five five five one two three four") are read in the session's language.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from .base import Grammar, GrammarMatch, count_digits, matched, no_match
from .language_words import figures

MIN_PHONE_DIGITS = 3
MAX_PHONE_DIGITS = 15

_VOICE_PHONE = re.compile(r"[0-9]+")
_CHAT_PHONE = re.compile(r"\+?[0-9 ().\-]+")
_SEPARATORS = str.maketrans("", "", " ().-")


class PhoneGrammar(Grammar):
    """A phone number as a string of digits, '+' first when given."""

    name = "phone"

    def match_voice(self, keys: str) -> GrammarMatch:
        if not _VOICE_PHONE.fullmatch(keys):
            return no_match("not a phone number")
        return _sized(keys)

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        folded = _fold_width(text)
        if not _CHAT_PHONE.fullmatch(folded):
            folded = figures(folded.lower(), language)
            if not _CHAT_PHONE.fullmatch(folded):
                return no_match("not a phone number")
        return _sized(folded.translate(_SEPARATORS))

    def length_of(self, text: str, value: Any) -> int:
        return count_digits(str(value))


def _fold_width(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _sized(number: str) -> GrammarMatch:
    digits = count_digits(number)
    if digits < MIN_PHONE_DIGITS:
        return no_match("too few digits for a phone number")
    if digits > MAX_PHONE_DIGITS:
        return no_match("too many digits for a phone number")
    return matched(number)
