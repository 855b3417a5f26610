"""Lark's parse errors rewritten as short messages a business user can act on.

Lark reports which token it found and which terminals the LALR state would have accepted
(``UnexpectedInput``); from those two facts we say what was expected ("a value", "an
operator or ')'") and recognise the mistakes people really make: ``=`` for ``==``,
unterminated strings, ``-a ** 2``, mixing ``??`` with ``||``.
"""

from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .transformer import RESERVED_WORDS

_VALUE_STARTERS = frozenset({"BANG"})
_NAME_TERMINALS = frozenset({"NAME"})
_OPERATORS = frozenset(
    {
        "OR",
        "AND",
        "COALESCE",
        "EQ_OP",
        "REL_OP",
        "IN",
        "PLUS",
        "MINUS",
        "MUL_OP",
        "POW",
        "_QMARK",
        "_DOT",
        "OPT_CHAIN",
    }
)
_CLOSERS = (("_RPAR", "')'"), ("_RSQB", "']'"), ("_RBRACE", "'}'"), ("_COLON", "':'"), ("_COMMA", "','"))
_LAST_WORD = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*$")
_SHORT_CIRCUIT = frozenset({"COALESCE", "OR", "AND"})
_CHARACTER_HINTS = {
    "=": "'=' is not allowed here — use == or === to compare",
    "&": "'&' is not supported — use && for 'and'",
    "|": "'|' is not supported — use || for 'or'",
    ";": "';' is not allowed — an expression is a single formula, not statements",
    "`": "Template literals are not supported — join text with +",
    "^": "'^' is not supported — use ** for powers",
    "~": "'~' is not supported",
}


def describe_token(kind: str, value: str) -> str:
    if kind == "$END":
        return "end of expression"
    if kind == "NUMBER":
        return f"number {value[:20]}"
    if kind == "STRING":
        return "string " + (value if len(value) <= 20 else value[:17] + "…")
    if kind == "NAME":
        return f"name '{value[:30]}'"
    return f"'{value}'"


def _expectation(expected: set[str]) -> str:
    if expected & _VALUE_STARTERS:
        return "a value"
    if expected & _NAME_TERMINALS:
        return "a property name or '}'" if "_RBRACE" in expected else "a property name"
    wanted = ["an operator"] if expected & _OPERATORS else []
    wanted += [text for name, text in _CLOSERS if name in expected]
    if not wanted:
        return "the end of the expression"
    if len(wanted) == 1:
        return wanted[0]
    return ", ".join(wanted[:-1]) + " or " + wanted[-1]


def _accepted(error: UnexpectedToken) -> set[str]:
    """Terminals that would really advance the parser (``expected`` over-approximates)."""
    try:
        accepts = error.accepts
    except Exception:
        accepts = None
    return set(accepts) if accepts else set(error.expected)


def _reserved_word_before(source: str, offset: int) -> str | None:
    match = _LAST_WORD.search(source[:offset])
    if match and match.group(1) in RESERVED_WORDS:
        return match.group(1)
    return None


def _token_message(error: UnexpectedToken, source: str) -> str:
    token = error.token
    expected = _accepted(error)
    reserved = _reserved_word_before(source, token.start_pos or 0)
    if reserved is not None:
        return f"'{reserved}' is not supported in expressions"
    wants_value = bool(expected & _VALUE_STARTERS)
    if token.type == "POW" and not wants_value:
        return "Put parentheses around the left side of '**', e.g. (-a) ** 2"
    if token.type in _SHORT_CIRCUIT and not wants_value and token.type not in expected:
        return "Cannot mix ?? with || or && — add parentheses, e.g. (a ?? b) || c"
    if token.value == "/" and wants_value:
        start = token.start_pos or 0
        if source[start + 1 : start + 2] in ("/", "*") or source[start - 1 : start] == "/":
            return "Comments are not allowed in expressions"
        return "Regular expressions are not supported"
    found = describe_token(token.type, token.value)
    return f"Unexpected {found} — expected {_expectation(expected)}"


def _character_message(error: UnexpectedCharacters, source: str) -> str:
    position = error.pos_in_stream or 0
    char = source[position]
    following = source[position + 1 : position + 2]
    if char in "'\"":
        return "Unterminated string"
    if char.isdigit() or (char == "." and following.isdigit()):
        return "Invalid number"
    if char == "=" and following == ">":
        return "Arrow functions are not supported"
    if char in _CHARACTER_HINTS:
        return _CHARACTER_HINTS[char]
    if char == "/" and following in ("/", "*"):
        return "Comments are not allowed in expressions"
    return f"Unexpected character '{char}'"


def translate(error: UnexpectedInput, source: str) -> tuple[str, int]:
    """(message, 0-based offset) for a Lark error raised while parsing ``source``."""
    if isinstance(error, UnexpectedToken):
        if error.token.type == "$END":
            offset = len(source.rstrip())
            expectation = _expectation(_accepted(error))
            return f"Unexpected end of expression — expected {expectation}", offset
        offset = error.token.start_pos or 0
        if error.token.value == "/" and source[offset - 1 : offset] == "/":
            offset -= 1
        return _token_message(error, source), offset
    if isinstance(error, UnexpectedCharacters):
        return _character_message(error, source), error.pos_in_stream or 0
    return "Invalid expression", len(source)
