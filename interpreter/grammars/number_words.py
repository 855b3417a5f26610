"""English number words, so a chat visitor may type "twelve" where a number is expected.

Covers zero to 999,999 in the usual spellings: "twenty-one", "twenty one",
"a hundred and five", "three thousand two hundred". Anything else is not a number.
"""

from __future__ import annotations

from collections.abc import Callable

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_NEGATIVE = ("minus", "negative")

_Parser = Callable[[list[str]], int | None]


def parse_number_words(text: str) -> int | None:
    """The integer that lower-case `text` spells, or None."""
    tokens = text.replace("-", " ").split()
    sign = 1
    if tokens and tokens[0] in _NEGATIVE:
        sign, tokens = -1, tokens[1:]
    value = _below_million(tokens)
    return None if value is None else sign * value


def _below_million(tokens: list[str]) -> int | None:
    return _scaled(tokens, "thousand", 1000, _below_thousand)


def _below_thousand(tokens: list[str]) -> int | None:
    return _scaled(tokens, "hundred", 100, _below_hundred)


def _scaled(tokens: list[str], word: str, scale: int, lower: _Parser) -> int | None:
    """`[count] word [and] [rest]`, e.g. "two hundred and five", or just `rest`."""
    if word not in tokens:
        return lower(tokens)
    split = tokens.index(word)
    head, tail = tokens[:split], tokens[split + 1 :]
    count = 1 if head == ["a"] else lower(head)
    if not count:
        return None
    if tail[:1] == ["and"]:
        tail = tail[1:]
        if not tail:
            return None
    rest = lower(tail) if tail else 0
    return None if rest is None else count * scale + rest


def _below_hundred(tokens: list[str]) -> int | None:
    if len(tokens) == 1:
        word = tokens[0]
        return _UNITS.get(word, _TEENS.get(word, _TENS.get(word)))
    if len(tokens) == 2 and tokens[0] in _TENS and _UNITS.get(tokens[1], 0) > 0:
        return _TENS[tokens[0]] + _UNITS[tokens[1]]
    return None
