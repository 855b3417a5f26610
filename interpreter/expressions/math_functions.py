"""The ``Math`` namespace: rounding, min/max, pow, sqrt, random and the usual constants.

``Math.random`` draws from the evaluation context so that tests and simulations can fix
the sequence. Functions whose results are implementation-approximated in ECMAScript (log,
sin …) are left out on purpose: their last digit differs between engines.
"""

from __future__ import annotations

import math
from typing import Any

from .context import context_or_default
from .conversions import to_number
from .natives import arg, register
from .operators import js_power
from .values import Namespace

_MATH: dict[str, Any] = {
    "PI": math.pi,
    "E": math.e,
    "LN2": math.log(2),
    "LN10": math.log(10),
    "LOG2E": 1.4426950408889634,
    "LOG10E": 0.4342944819032518,
    "SQRT2": math.sqrt(2),
    "SQRT1_2": math.sqrt(0.5),
}


def _number(args: tuple[Any, ...]) -> float:
    return to_number(arg(args, 0))


def _is_special(value: float) -> bool:
    return value != value or value in (math.inf, -math.inf) or value.is_integer()


@register(_MATH, "abs")
def _abs(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return abs(_number(args))


@register(_MATH, "floor")
def _floor(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    value = _number(args)
    return value if _is_special(value) else float(math.floor(value))


@register(_MATH, "ceil")
def _ceil(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    value = _number(args)
    if _is_special(value):
        return value
    return -0.0 if -1.0 < value < 0.0 else float(math.ceil(value))


@register(_MATH, "trunc")
def _trunc(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    value = _number(args)
    if _is_special(value):
        return value
    return math.copysign(float(math.trunc(value)), value)


@register(_MATH, "round")
def _round(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    """Nearest integer, halves toward +Infinity; keeps the sign of zero like ECMAScript."""
    value = _number(args)
    if _is_special(value):
        return value
    if -0.5 <= value < 0.0:
        return -0.0
    floor = math.floor(value)
    return float(floor + 1 if value - floor >= 0.5 else floor)


@register(_MATH, "sign")
def _sign(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    value = _number(args)
    if value != value or value == 0.0:
        return value
    return 1.0 if value > 0 else -1.0


@register(_MATH, "sqrt")
def _sqrt(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    value = _number(args)
    if value != value or value < 0:
        return math.nan
    return math.sqrt(value)


@register(_MATH, "pow")
def _pow(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return js_power(arg(args, 0), arg(args, 1))


@register(_MATH, "max")
def _max(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    result = -math.inf
    for number in [to_number(item) for item in args]:
        if number != number:
            return math.nan
        if number > result or (number == 0.0 == result and math.copysign(1.0, result) < 0):
            result = number
    return result


@register(_MATH, "min")
def _min(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    result = math.inf
    for number in [to_number(item) for item in args]:
        if number != number:
            return math.nan
        if number < result or (number == 0.0 == result and math.copysign(1.0, number) < 0):
            result = number
    return result


@register(_MATH, "random")
def _random(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    return float(context_or_default(ctx).random())


MATH = Namespace("Math", _MATH)
