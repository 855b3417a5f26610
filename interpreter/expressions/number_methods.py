"""Number.prototype and Boolean.prototype methods (``(1.5).toFixed(2)``, ``n.toString()``)."""

from __future__ import annotations

from typing import Any

from .conversions import int_to_float, to_integer
from .errors import range_error, type_error
from .natives import arg, register
from .number_format import number_to_string, to_fixed, to_radix_string
from .values import UNDEFINED, JSFunction

NUMBER_METHODS: dict[str, JSFunction] = {}
BOOLEAN_METHODS: dict[str, JSFunction] = {}


def _this_number(this: Any, method: str) -> float:
    kind = type(this)
    if kind is float:
        return this
    if kind is int:
        return int_to_float(this)
    raise type_error(f"Number.prototype.{method} requires that 'this' be a Number")


@register(NUMBER_METHODS, "toFixed")
def _to_fixed(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    value = _this_number(this, "toFixed")
    digits = to_integer(arg(args, 0))
    if not 0 <= digits <= 100:
        raise range_error("toFixed() digits argument must be between 0 and 100")
    if value != value or value in (float("inf"), float("-inf")):
        return number_to_string(value)
    return to_fixed(value, int(digits))


@register(NUMBER_METHODS, "toString")
def _to_string(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    value = _this_number(this, "toString")
    radix_arg = arg(args, 0)
    radix = 10.0 if radix_arg is UNDEFINED else to_integer(radix_arg)
    if not 2 <= radix <= 36:
        raise range_error("toString() radix must be between 2 and 36")
    if radix == 10 or value != value or value in (float("inf"), float("-inf")):
        return number_to_string(value)
    return to_radix_string(value, int(radix))


@register(NUMBER_METHODS, "valueOf")
def _value_of(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return _this_number(this, "valueOf")


def _this_boolean(this: Any, method: str) -> bool:
    if type(this) is bool:
        return this
    raise type_error(f"Boolean.prototype.{method} requires that 'this' be a Boolean")


@register(BOOLEAN_METHODS, "toString")
def _boolean_to_string(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    return "true" if _this_boolean(this, "toString") else "false"


@register(BOOLEAN_METHODS, "valueOf")
def _boolean_value_of(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    return _this_boolean(this, "valueOf")
