"""Lossless conversion between expression values and plain JSON for saved session state.

JSON has no undefined, NaN, ±Infinity, -0 or RegExp, so those become a small tagged object
``{"$js": "NaN"}``; an object that itself has a ``"$js"`` key is wrapped as
``{"$js": "object", "value": {…}}`` so that it cannot be mistaken for a tag. Whole floats
are written as JSON integers (``3`` rather than ``3.0``) and read back as floats.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import ExpressionRuntimeError, too_deep
from .limits import MAX_VALUE_DEPTH
from .regexp_syntax import RegExpError, compile_regexp
from .regexp_value import JSRegExp
from .values import UNDEFINED

TAG = "$js"
_SAFE_INTEGER = 2.0**53
_SPECIAL_NUMBERS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def _number_state(number: float) -> Any:
    if number != number:
        return {TAG: "NaN"}
    if number in (math.inf, -math.inf):
        return {TAG: "Infinity" if number > 0 else "-Infinity"}
    if number == 0.0 and math.copysign(1.0, number) < 0:
        return {TAG: "-0"}
    if number.is_integer() and abs(number) <= _SAFE_INTEGER:
        return int(number)
    return number


def to_state(value: Any, _depth: int = 0) -> Any:
    """A JSON-serialisable form of ``value`` that ``from_state`` turns back into it."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is float:
        return _number_state(value)
    if kind is int:
        return _number_state(float(value)) if abs(value) > _SAFE_INTEGER else value
    if value is UNDEFINED:
        return {TAG: "undefined"}
    if _depth > MAX_VALUE_DEPTH:
        raise too_deep()
    if kind is list:
        return [to_state(item, _depth + 1) for item in value]
    if kind is dict:
        converted = {str(key): to_state(item, _depth + 1) for key, item in value.items()}
        return {TAG: "object", "value": converted} if TAG in value else converted
    if kind is JSRegExp:
        last_index = _number_state(float(value.last_index))
        return {TAG: "RegExp", "source": value.compiled.source, "flags": value.flags, "lastIndex": last_index}
    raise ExpressionRuntimeError("TypeError", f"A {kind.__name__} value cannot be stored")


def from_state(data: Any, _depth: int = 0) -> Any:
    """The value ``to_state`` was given (numbers come back as floats)."""
    kind = type(data)
    if kind is str or kind is bool or data is None or kind is float:
        return data
    if kind is int:
        return float(data)
    if _depth > MAX_VALUE_DEPTH:
        raise too_deep()
    if kind is list:
        return [from_state(item, _depth + 1) for item in data]
    if kind is dict:
        if TAG in data:
            return _from_tag(data, _depth)
        return {key: from_state(item, _depth + 1) for key, item in data.items()}
    raise ValueError(f"not a saved expression value: {type(data).__name__}")


def _from_tag(data: dict[str, Any], depth: int) -> Any:
    tag = data[TAG]
    if tag == "undefined" and len(data) == 1:
        return UNDEFINED
    if tag in _SPECIAL_NUMBERS and len(data) == 1:
        return _SPECIAL_NUMBERS[tag]
    if tag == "RegExp" and set(data) == {TAG, "source", "flags", "lastIndex"}:
        return _regexp_from_state(data)
    if tag == "object" and set(data) == {TAG, "value"} and type(data["value"]) is dict:
        return {key: from_state(item, depth + 1) for key, item in data["value"].items()}
    raise ValueError(f"unknown saved value tag: {tag!r}")


def _regexp_from_state(data: dict[str, Any]) -> JSRegExp:
    source, flags, last_index = data["source"], data["flags"], from_state(data["lastIndex"])
    if type(source) is not str or type(flags) is not str or type(last_index) is not float:
        raise ValueError("not a saved RegExp")
    try:
        return JSRegExp(compile_regexp(source, flags), last_index)
    except RegExpError as error:
        raise ValueError(f"not a saved RegExp: {error.message}") from None
