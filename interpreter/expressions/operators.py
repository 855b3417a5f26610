"""ECMAScript operators on the value model: arithmetic, comparison, equality, ``in``.

Compiled expressions inline the float/float and str/str fast paths and call these
functions for every other combination, so each one implements the full specification
algorithm (ApplyStringOrNumericBinaryOperator, IsLooselyEqual, IsLessThan …).
"""

from __future__ import annotations

import math
from typing import Any

from .conversions import to_js_string, to_number, to_primitive, to_property_key
from .errors import type_error
from .properties import has_property
from .regexp_value import JSRegExp
from .strings import concat, utf16_less
from .values import UNDEFINED, JSFunction, Namespace

_OBJECT_TYPES = (list, dict, JSFunction, Namespace, JSRegExp)


def js_add(left: Any, right: Any) -> Any:
    """The ``+`` operator: string concatenation if either primitive is a string."""
    left_kind = type(left)
    right_kind = type(right)
    if left_kind is float and right_kind is float:
        return left + right
    if left_kind is str and right_kind is str:
        return concat(left, right)
    left = to_primitive(left)
    right = to_primitive(right)
    if type(left) is str or type(right) is str:
        return concat(to_js_string(left), to_js_string(right))
    return to_number(left) + to_number(right)


def js_subtract(left: Any, right: Any) -> float:
    return to_number(left) - to_number(right)


def js_multiply(left: Any, right: Any) -> float:
    return to_number(left) * to_number(right)


def js_divide(left: Any, right: Any) -> float:
    dividend = to_number(left)
    divisor = to_number(right)
    if divisor != 0.0:
        return dividend / divisor
    if dividend != dividend or dividend == 0.0:
        return math.nan
    return math.copysign(math.inf, dividend) * math.copysign(1.0, divisor)


def js_remainder(left: Any, right: Any) -> float:
    """``%``: the sign follows the dividend (C ``fmod``), unlike Python's ``%``."""
    dividend = to_number(left)
    divisor = to_number(right)
    if divisor != divisor or dividend != dividend:
        return math.nan
    if dividend in (math.inf, -math.inf) or divisor == 0.0:
        return math.nan
    if divisor in (math.inf, -math.inf) or dividend == 0.0:
        return dividend
    return math.fmod(dividend, divisor)


def js_power(left: Any, right: Any) -> float:
    """``**`` and Math.pow (Number::exponentiate)."""
    base = to_number(left)
    exponent = to_number(right)
    if exponent != exponent:
        return math.nan
    if exponent == 0.0:
        return 1.0
    if base != base:
        return math.nan
    if exponent in (math.inf, -math.inf) and abs(base) == 1.0:
        return math.nan
    odd_integer = exponent.is_integer() and abs(exponent) < 2.0**53 and int(exponent) % 2 == 1
    if base == 0.0 and exponent < 0:
        negative = math.copysign(1.0, base) < 0 and odd_integer
        return -math.inf if negative else math.inf
    try:
        return math.pow(base, exponent)
    except OverflowError:
        negative = base < 0 and odd_integer
        return -math.inf if negative else math.inf
    except ValueError:
        return math.nan


def js_negate(value: Any) -> float:
    return -to_number(value)


def js_plus(value: Any) -> float:
    return to_number(value)


def js_less_than(left: Any, right: Any) -> bool:
    if type(left) is float and type(right) is float:
        return left < right
    left = to_primitive(left)
    right = to_primitive(right)
    if type(left) is str and type(right) is str:
        return utf16_less(left, right)
    return to_number(left) < to_number(right)


def js_greater_than(left: Any, right: Any) -> bool:
    return js_less_than(right, left)


def js_less_equal(left: Any, right: Any) -> bool:
    if type(left) is float and type(right) is float:
        return left <= right
    left = to_primitive(left)
    right = to_primitive(right)
    if type(left) is str and type(right) is str:
        return not utf16_less(right, left)
    return to_number(left) <= to_number(right)


def js_greater_equal(left: Any, right: Any) -> bool:
    return js_less_equal(right, left)


def js_equals_loose(left: Any, right: Any) -> bool:
    """The ``==`` operator (IsLooselyEqual)."""
    left_kind = type(left)
    right_kind = type(right)
    left_number = left_kind is float or left_kind is int
    right_number = right_kind is float or right_kind is int
    if left_number and right_number:
        return left == right
    if left_kind is right_kind:
        if left_kind is str or left_kind is bool:
            return left == right
        return left is right
    if left is None or left is UNDEFINED:
        return right is None or right is UNDEFINED
    if right is None or right is UNDEFINED:
        return False
    if left_kind is bool:
        return js_equals_loose(1.0 if left else 0.0, right)
    if right_kind is bool:
        return js_equals_loose(left, 1.0 if right else 0.0)
    if left_number and right_kind is str:
        return left == to_number(right)
    if left_kind is str and right_number:
        return to_number(left) == right
    left_object = left_kind in _OBJECT_TYPES
    right_object = right_kind in _OBJECT_TYPES
    if left_object and right_object:
        return left is right
    if left_object:
        return js_equals_loose(to_primitive(left), right)
    if right_object:
        return js_equals_loose(left, to_primitive(right))
    return False


def js_not_equals_loose(left: Any, right: Any) -> bool:
    return not js_equals_loose(left, right)


def js_in(key: Any, container: Any) -> bool:
    """``key in container``: TypeError unless the right side is an object."""
    if type(container) not in _OBJECT_TYPES:
        raise type_error(
            f"Cannot use 'in' operator to search for '{to_property_key(key)}' in {to_js_string(container)}"
        )
    return has_property(container, to_property_key(key))
