"""The ``JSON`` namespace: stringify and parse with ECMAScript's exact output and rules.

Python's ``json`` module formats numbers, orders keys and accepts input (``NaN``,
``Infinity``) differently, so stringify is written out here and parse wraps ``json.loads``
with the missing checks, a size cap and a nesting cap that is enforced before parsing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .budget import PER_ITEM, PER_PARSED_CHAR, charge
from .conversions import to_integer, to_js_string, to_number
from .errors import ExpressionRuntimeError, too_deep, type_error
from .limits import MAX_JSON_DEPTH, MAX_STRING_LENGTH, MAX_VALUE_DEPTH
from .natives import arg, register
from .number_format import number_to_string
from .properties import own_keys
from .regexp_value import JSRegExp
from .strings import check_length, checked_join
from .values import UNDEFINED, JSFunction, Namespace

_JSON: dict[str, Any] = {}

_encode_string = json.encoder.encode_basestring
_SURROGATE = re.compile(r"[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def quote_json_string(text: str) -> str:
    """QuoteJSONString: escapes like ECMAScript, lone surrogates as ``\\udxxx``."""
    quoted: str = _encode_string(text)
    if _SURROGATE.search(quoted) is None:
        return quoted
    return _SURROGATE.sub(_escape_surrogate, quoted)


def _escape_surrogate(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) == 2:
        return found.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return f"\\u{ord(found):04x}"


class _Serializer:
    """SerializeJSONProperty and friends for one JSON.stringify call."""

    def __init__(self, replacer: Any, space: Any, ctx: Any) -> None:
        self.ctx = ctx
        self.function = replacer if type(replacer) is JSFunction else None
        self.keys: list[str] | None = None
        if type(replacer) is list:
            self.keys = []
            for item in replacer:
                if type(item) in (str, float, int):
                    key = to_js_string(item)
                    if key not in self.keys:
                        self.keys.append(key)
        self.gap = _gap(space)
        self.stack: list[int] = []
        self.size = 0

    def serialize(self, holder: Any, key: str, value: Any, indent: str) -> str | None:
        if self.function is not None:
            value = self.function.impl(holder, (key, value), self.ctx)
        kind = type(value)
        if kind is str:
            text = quote_json_string(value)
        elif kind is float or kind is int:
            number = to_number(value)
            text = number_to_string(number) if number - number == 0 else "null"
        elif kind is bool:
            text = "true" if value else "false"
        elif value is None:
            text = "null"
        elif kind is list or kind is dict or kind is Namespace or kind is JSRegExp:
            text = self._container(value, indent)
        else:
            return None
        self.size += len(text)
        check_length(self.size)
        return text

    def _container(self, value: Any, indent: str) -> str:
        if id(value) in self.stack:
            raise type_error("Converting circular structure to JSON")
        if len(self.stack) >= MAX_VALUE_DEPTH:
            raise too_deep()
        self.stack.append(id(value))
        charge(len(value) * PER_ITEM if type(value) is list or type(value) is dict else 0)
        inner = indent + self.gap
        if type(value) is list:
            parts = []
            for index, item in enumerate(value):
                text = self.serialize(value, str(index), item, inner)
                parts.append("null" if text is None else text)
            result = self._wrap("[", parts, "]", indent, inner)
        else:
            parts = []
            members: dict[str, Any] = value if type(value) is dict else {}
            keys = self.keys or own_keys(members)
            separator = ": " if self.gap else ":"
            for key in keys:
                if key not in members:
                    continue
                text = self.serialize(value, key, members[key], inner)
                if text is not None:
                    parts.append(quote_json_string(key) + separator + text)
            result = self._wrap("{", parts, "}", indent, inner)
        self.stack.pop()
        return result

    def _wrap(self, opening: str, parts: list[str], closing: str, indent: str, inner: str) -> str:
        if not parts:
            return opening + closing
        if not self.gap:
            return opening + checked_join(",", parts) + closing
        body = checked_join(",\n" + inner, parts)
        return f"{opening}\n{inner}{body}\n{indent}{closing}"


def _gap(space: Any) -> str:
    if type(space) in (float, int):
        return " " * int(min(10, max(0, to_integer(space))))
    if type(space) is str:
        return space[:10]
    return ""


@register(_JSON, "stringify")
def _stringify(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
    serializer = _Serializer(arg(args, 1), arg(args, 2), ctx)
    value = arg(args, 0)
    text = serializer.serialize({"": value}, "", value, "")
    return UNDEFINED if text is None else text


def _syntax_error(message: str) -> ExpressionRuntimeError:
    return ExpressionRuntimeError("SyntaxError", message)


def _check_depth(text: str) -> None:
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    for bracket in _BRACKET.finditer(_STRING_LITERAL.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise _syntax_error(f"JSON is nested too deeply (more than {MAX_JSON_DEPTH} levels)")
        else:
            depth -= 1


def _reject_constant(name: str) -> Any:
    raise ValueError(f"Unexpected token '{name[0]}'")


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(pairs)


@register(_JSON, "parse")
def _parse(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
    text = to_js_string(arg(args, 0))
    if len(text) > MAX_STRING_LENGTH:
        raise _syntax_error("JSON text is too long")
    charge(len(text) * PER_PARSED_CHAR)
    _check_depth(text)
    try:
        return json.loads(
            text,
            parse_int=float,
            parse_constant=_reject_constant,
            object_pairs_hook=_object_from_pairs,
        )
    except json.JSONDecodeError as error:
        raise _syntax_error(f"{error.msg} in JSON at position {error.pos}") from None
    except (ValueError, RecursionError) as error:
        raise _syntax_error(f"{error} in JSON") from None


JSON_NAMESPACE = Namespace("JSON", _JSON)
