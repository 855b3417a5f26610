"""ECMAScript type conversions: ToNumber, ToString, ToPrimitive, ToPropertyKey, ToInteger….

Everything that turns one kind of value into another goes through here so that ``+``,
``==``, ``<``, the built-ins and template output all agree, exactly as the specification's
abstract operations do.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .budget import PER_ITEM, charge
from .errors import too_deep
from .limits import MAX_VALUE_DEPTH
from .number_format import number_to_string
from .regexp_value import JSRegExp
from .strings import checked_join
from .values import UNDEFINED, JSFunction, Namespace

JS_WHITESPACE = (
    " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""StrWhiteSpaceChar: WhiteSpace and LineTerminator (Python's ``str.strip`` differs)."""

_DECIMAL = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Infinity)")
_NON_DECIMAL = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_RADIX = {"x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2}
_PRIMITIVE_TYPES = frozenset({str, float, int, bool, type(None), type(UNDEFINED)})


def string_to_number(text: str) -> float:
    """ToNumber applied to a string (StringToNumber)."""
    text = text.strip(JS_WHITESPACE)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        if text[-1] == "y":
            return -math.inf if text[0] == "-" else math.inf
        return float(text)
    if _NON_DECIMAL.fullmatch(text):
        return int_to_float(int(text[2:], _RADIX[text[1]]))
    return math.nan


def int_to_float(number: int) -> float:
    """Round a Python int to the nearest double, overflowing to ±Infinity like ECMAScript."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def to_number(value: Any) -> float:
    """ECMAScript ToNumber for every value of the model."""
    kind = type(value)
    if kind is float:
        return value
    if kind is str:
        return string_to_number(value)
    if kind is bool:
        return 1.0 if value else 0.0
    if kind is int:
        return int_to_float(value)
    if value is None:
        return 0.0
    if value is UNDEFINED:
        return math.nan
    return string_to_number(to_primitive(value))


def to_primitive(value: Any) -> Any:
    """ToPrimitive: objects become their string form (arrays join, others ``[object …]``)."""
    kind = type(value)
    if kind in _PRIMITIVE_TYPES:
        return value
    if kind is list:
        return array_join(value, ",", 0)
    if kind is JSFunction:
        return f"function {value.name}() {{ [native code] }}"
    if kind is JSRegExp:
        return value.display()
    if kind is Namespace:
        return f"[object {value.name}]"
    return "[object Object]"


def to_js_string(value: Any) -> str:
    """ECMAScript ``String(value)``: what templates print and ``+`` concatenates."""
    kind = type(value)
    if kind is str:
        return value
    if kind is float:
        return number_to_string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return number_to_string(int_to_float(value))
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    return to_primitive(value)


def array_join(items: list[Any], separator: str, depth: int) -> str:
    """Array.prototype.join with null/undefined as empty, bounded in depth and length."""
    if depth > MAX_VALUE_DEPTH:
        raise too_deep()
    charge(len(items) * PER_ITEM)
    parts = []
    for item in items:
        if item is None or item is UNDEFINED:
            parts.append("")
        elif type(item) is list:
            parts.append(array_join(item, ",", depth + 1))
        else:
            parts.append(to_js_string(item))
    return checked_join(separator, parts)


def to_property_key(value: Any) -> str:
    """ToPropertyKey: the string a computed member access ``a[k]`` looks up."""
    if type(value) is str:
        return value
    return to_js_string(value)


def to_integer(value: Any) -> float:
    """ToIntegerOrInfinity as a float: NaN becomes 0, fractions truncate toward zero."""
    number = to_number(value)
    if number != number:
        return 0.0
    if number in (math.inf, -math.inf):
        return number
    return float(math.trunc(number)) + 0.0


def to_uint32(value: Any) -> int:
    """ToUint32."""
    number = to_number(value)
    if number != number or number in (math.inf, -math.inf):
        return 0
    return math.trunc(number) % 4294967296


def to_int32(value: Any) -> int:
    """ToInt32."""
    number = to_uint32(value)
    return number - 4294967296 if number >= 2147483648 else number


def relative_index(value: Any, length: int, default: int) -> int:
    """Clamp a possibly negative relative position into ``0..length`` (slice, at …)."""
    if value is UNDEFINED:
        return default
    number = to_integer(value)
    if number < 0:
        return int(max(length + number, 0))
    return int(min(number, length))


def clamp_index(value: Any, length: int) -> int:
    """ToIntegerOrInfinity clamped into ``0..length`` (indexOf start, substring …)."""
    number = to_integer(value)
    return int(min(max(number, 0), length))
