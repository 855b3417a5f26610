"""Values of numeric and string literal tokens, with ECMAScript's strict-mode rules.

The grammar only delimits a literal; this module decides what it means: hex/octal/binary
and exponent forms, escape sequences (``\\n``, ``\\x41``, ``\\u{1F600}``, line
continuations), and the legacy forms strict mode forbids (``012``, ``\\1``).
"""

from __future__ import annotations

import re

from .conversions import int_to_float
from .global_functions import combine_surrogates


class LiteralError(ValueError):
    """A malformed literal; ``offset`` is relative to the start of the token."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
_LINE_CONTINUATIONS = {"\n", "\r", "\r\n", "\u2028", "\u2029"}
_HEX = re.compile(r"[0-9a-fA-F]+")
_RADIX = {"x": 16, "o": 8, "b": 2}


def number_value(text: str) -> float:
    """The value of a NUMBER token."""
    prefix = text[:2].lower()
    if len(text) > 2 and prefix in ("0x", "0o", "0b"):
        return int_to_float(int(text[2:], _RADIX[prefix[1]]))
    if len(text) > 1 and text[0] == "0" and text[1].isdigit():
        raise LiteralError("Numbers cannot start with 0 (octal literals are not allowed)", 0)
    return float(text)


def string_value(token: str) -> str:
    """The value of a STRING token (quotes included in ``token``)."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    position = 0
    while True:
        backslash = body.find("\\", position)
        if backslash < 0:
            out.append(body[position:])
            break
        out.append(body[position:backslash])
        position = _escape(body, backslash, out)
    return combine_surrogates("".join(out))


def _escape(body: str, backslash: int, out: list[str]) -> int:
    """Decode the escape at ``body[backslash]``; return the position after it."""
    offset = backslash + 1
    char = body[backslash + 1]
    if body.startswith("\r\n", backslash + 1):
        return backslash + 3
    if char in _LINE_CONTINUATIONS:
        return backslash + 2
    if char in _SIMPLE_ESCAPES:
        out.append(_SIMPLE_ESCAPES[char])
        return backslash + 2
    if char == "0" and not body[backslash + 2 : backslash + 3].isdigit():
        out.append("\0")
        return backslash + 2
    if char.isdigit() and char.isascii():
        raise LiteralError("Octal escape sequences are not allowed in strings", offset)
    if char == "x":
        digits = body[backslash + 2 : backslash + 4]
        if len(digits) != 2 or not _HEX.fullmatch(digits):
            raise LiteralError("Invalid hexadecimal escape sequence", offset)
        out.append(chr(int(digits, 16)))
        return backslash + 4
    if char == "u":
        return _unicode_escape(body, backslash, out)
    out.append(char)
    return backslash + 2


def _unicode_escape(body: str, backslash: int, out: list[str]) -> int:
    offset = backslash + 1
    if body[backslash + 2 : backslash + 3] == "{":
        close = body.find("}", backslash + 3)
        digits = body[backslash + 3 : close] if close >= 0 else ""
        if not _HEX.fullmatch(digits) or int(digits, 16) > 0x10FFFF:
            raise LiteralError("Invalid Unicode escape sequence", offset)
        out.append(chr(int(digits, 16)))
        return close + 1
    digits = body[backslash + 2 : backslash + 6]
    if len(digits) != 4 or not _HEX.fullmatch(digits):
        raise LiteralError("Invalid Unicode escape sequence", offset)
    out.append(chr(int(digits, 16)))
    return backslash + 6
