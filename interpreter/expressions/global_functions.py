"""Global functions and constructors: parseInt, parseFloat, isNaN, Number, String, Object….

The constructors cannot build wrapper objects (there is no ``new``); called as functions
they convert, as ECMAScript's do, and they carry the static helpers an expression may
need (``Number.isInteger``, ``Object.keys``, ``Array.isArray``, ``String.fromCharCode``).
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

from .budget import PER_ITEM, charge
from .conversions import (
    JS_WHITESPACE,
    int_to_float,
    to_int32,
    to_js_string,
    to_number,
    to_uint32,
)
from .errors import type_error
from .natives import arg, register
from .properties import own_keys
from .values import UNDEFINED, JSFunction, to_boolean

GLOBAL_FUNCTIONS: dict[str, Any] = {}

_FLOAT_PREFIX = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_DIGIT_PATTERNS: dict[int, re.Pattern[str]] = {}
_LARGEST_DIGIT_COUNT = 1100
_CHUNK_LIMIT = 0xFFFFFFFF // 36


def _digit_pattern(radix: int) -> re.Pattern[str]:
    pattern = _DIGIT_PATTERNS.get(radix)
    if pattern is None:
        decimal = f"0-{min(radix, 10) - 1}"
        letters = ""
        if radix > 10:
            last = chr(ord("a") + radix - 11)
            letters = f"a-{last}A-{last.upper()}"
        pattern = _DIGIT_PATTERNS[radix] = re.compile(f"[{decimal}{letters}]*")
    return pattern


def parse_int(value: Any, radix_value: Any) -> float:
    """The global ``parseInt``."""
    text = to_js_string(value).lstrip(JS_WHITESPACE)
    charge(len(text) * PER_ITEM)
    sign = 1.0
    if text[:1] in ("+", "-"):
        sign = -1.0 if text[0] == "-" else 1.0
        text = text[1:]
    radix = to_int32(radix_value)
    strip_prefix = True
    if radix != 0:
        if not 2 <= radix <= 36:
            return math.nan
        strip_prefix = radix == 16
    else:
        radix = 10
    if strip_prefix and text[:2] in ("0x", "0X"):
        text = text[2:]
        radix = 16
    digits = _digit_pattern(radix).match(text).group()  # type: ignore[union-attr]
    if not digits:
        return math.nan
    significant = digits.lstrip("0")
    if not significant:
        return sign * 0.0
    if len(significant) > _LARGEST_DIGIT_COUNT:
        return sign * math.inf
    if radix == 10:
        return sign * float(significant)
    if radix & (radix - 1) == 0:
        return sign * int_to_float(int(significant, radix))
    return sign * _approximate_integer(significant, radix)


def _approximate_integer(digits: str, radix: int) -> float:
    """Digits in a radix that is not a power of two, accumulated as V8 does.

    The specification allows an approximation above 2**53 for these radices; V8 adds
    32-bit chunks in double arithmetic, and so do we, to print the same number.
    """
    value = 0.0
    index = 0
    while index < len(digits):
        part = 0
        multiplier = 1
        while index < len(digits) and multiplier * radix <= _CHUNK_LIMIT:
            part = part * radix + int(digits[index], 36)
            multiplier *= radix
            index += 1
        value = value * multiplier + part
    return value


def parse_float(value: Any) -> float:
    """The global ``parseFloat``."""
    text = to_js_string(value).lstrip(JS_WHITESPACE)
    match = _FLOAT_PREFIX.match(text)
    if match is None:
        return math.nan
    literal = match.group()
    if literal.endswith("Infinity"):
        return -math.inf if literal[0] == "-" else math.inf
    return float(literal)


@register(GLOBAL_FUNCTIONS, "parseInt")
def _parse_int(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return parse_int(arg(args, 0), arg(args, 1))


@register(GLOBAL_FUNCTIONS, "parseFloat")
def _parse_float(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return parse_float(arg(args, 0))


@register(GLOBAL_FUNCTIONS, "isNaN")
def _is_nan(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    return math.isnan(to_number(arg(args, 0)))


@register(GLOBAL_FUNCTIONS, "isFinite")
def _is_finite(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    return math.isfinite(to_number(arg(args, 0)))


def _number_value(value: Any) -> float | None:
    kind = type(value)
    if kind is float:
        return value
    if kind is int:
        return int_to_float(value)
    return None


def _is_integral(value: Any) -> bool:
    number = _number_value(value)
    return number is not None and math.isfinite(number) and number.is_integer()


_NUMBER_STATICS: dict[str, Any] = {
    "MAX_SAFE_INTEGER": 9007199254740991.0,
    "MIN_SAFE_INTEGER": -9007199254740991.0,
    "EPSILON": sys.float_info.epsilon,
    "MAX_VALUE": sys.float_info.max,
    "MIN_VALUE": 5e-324,
    "POSITIVE_INFINITY": math.inf,
    "NEGATIVE_INFINITY": -math.inf,
    "NaN": math.nan,
    "parseInt": GLOBAL_FUNCTIONS["parseInt"],
    "parseFloat": GLOBAL_FUNCTIONS["parseFloat"],
}


@register(_NUMBER_STATICS, "isInteger")
def _number_is_integer(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    return _is_integral(arg(args, 0))


@register(_NUMBER_STATICS, "isSafeInteger")
def _number_is_safe_integer(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    value = arg(args, 0)
    return _is_integral(value) and abs(value) <= 9007199254740991


@register(_NUMBER_STATICS, "isFinite")
def _number_is_finite(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    number = _number_value(arg(args, 0))
    return number is not None and math.isfinite(number)


@register(_NUMBER_STATICS, "isNaN")
def _number_is_nan(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    number = _number_value(arg(args, 0))
    return number is not None and number != number


def _number(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return to_number(args[0]) if args else 0.0


def _string(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    return to_js_string(args[0]) if args else ""


def _boolean(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    return to_boolean(arg(args, 0))


_STRING_STATICS: dict[str, Any] = {}


@register(_STRING_STATICS, "fromCharCode")
def _from_char_code(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = "".join(chr(to_uint32(code) & 0xFFFF) for code in args)
    return combine_surrogates(text)


def combine_surrogates(text: str) -> str:
    """Join UTF-16 surrogate pairs into one character; lone surrogates stay as they are."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


_OBJECT_STATICS: dict[str, Any] = {}


def _object_argument(args: tuple[Any, ...]) -> Any:
    value = arg(args, 0)
    if value is None or value is UNDEFINED:
        raise type_error("Cannot convert undefined or null to object")
    return value


def _size(value: Any) -> int:
    return len(value) if type(value) in (dict, list, str) else 0


@register(_OBJECT_STATICS, "keys")
def _object_keys(this: Any, args: tuple[Any, ...], ctx: Any) -> list[Any]:
    value = _object_argument(args)
    charge(_size(value) * PER_ITEM)
    if type(value) is dict:
        return list(own_keys(value))
    if type(value) in (list, str):
        return [str(index) for index in range(len(value))]
    return []


@register(_OBJECT_STATICS, "values")
def _object_values(this: Any, args: tuple[Any, ...], ctx: Any) -> list[Any]:
    value = _object_argument(args)
    charge(_size(value) * PER_ITEM)
    if type(value) is dict:
        return [value[key] for key in own_keys(value)]
    if type(value) in (list, str):
        return list(value)
    return []


@register(_OBJECT_STATICS, "entries")
def _object_entries(this: Any, args: tuple[Any, ...], ctx: Any) -> list[Any]:
    value = _object_argument(args)
    charge(_size(value) * PER_ITEM)
    if type(value) is dict:
        return [[key, value[key]] for key in own_keys(value)]
    if type(value) in (list, str):
        return [[str(index), item] for index, item in enumerate(value)]
    return []


_ARRAY_STATICS: dict[str, Any] = {}


@register(_ARRAY_STATICS, "isArray")
def _array_is_array(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    return type(arg(args, 0)) is list


def _unsupported(name: str) -> Any:
    def impl(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
        raise type_error(f"{name}() cannot be called in an expression")

    return impl


GLOBAL_FUNCTIONS.update(
    Number=JSFunction("Number", _number, _NUMBER_STATICS),
    String=JSFunction("String", _string, _STRING_STATICS),
    Boolean=JSFunction("Boolean", _boolean),
    Object=JSFunction("Object", _unsupported("Object"), _OBJECT_STATICS),
    Array=JSFunction("Array", _unsupported("Array"), _ARRAY_STATICS),
)
