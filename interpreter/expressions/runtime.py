"""The names generated code may use: operator helpers, conversions and error builders.

Compiled expressions run with exactly this dictionary as their globals (plus their own
constants) and no Python built-ins beyond ``type`` and the four type names they test, so
generated code can reach nothing but the functions listed here.
"""

from __future__ import annotations

import math
from typing import Any

from . import operators as ops
from .budget import TurnLimitExceeded
from .conversions import to_js_string, to_number, to_property_key
from .errors import ExpressionError, ExpressionRuntimeError, too_deep
from .properties import call_value, get_property, method_of
from .strings import checked_join, concat
from .values import UNDEFINED, js_equals_strict, js_typeof, to_boolean


class ShortCircuit(Exception):
    """Raised inside an optional chain when a ``?.`` meets null or undefined."""


def not_nullish(value: Any) -> Any:
    if value is None or value is UNDEFINED:
        raise ShortCircuit
    return value


def number_of(value: Any) -> float:
    return value if type(value) is float else to_number(value)


def string_of(value: Any) -> str:
    return value if type(value) is str else to_js_string(value)


def make_object(pairs: tuple[tuple[Any, Any], ...]) -> dict[str, Any]:
    """An object literal with computed keys: keys go through ToPropertyKey, in order."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        result[to_property_key(key)] = value
    return result


def join_template(parts: tuple[str, ...]) -> str:
    return checked_join("", parts)


def reference_error(error: KeyError) -> ExpressionRuntimeError:
    name = error.args[0] if error.args else "?"
    return ExpressionRuntimeError("ReferenceError", f"{name} is not defined")


def stack_error() -> ExpressionRuntimeError:
    return too_deep()


def internal_error(error: Exception) -> ExpressionRuntimeError:
    """A Python exception the evaluator did not foresee, reported instead of crashing."""
    return ExpressionRuntimeError("InternalError", f"{type(error).__name__}: {error}")


HELPERS: dict[str, Any] = {
    "__builtins__": {},
    "type": type,
    "float": float,
    "str": str,
    "dict": dict,
    "list": list,
    "_UNDEF": UNDEFINED,
    "_INF": math.inf,
    "_NEG_INF": -math.inf,
    "_NAN": math.nan,
    "_ExpressionError": ExpressionError,
    "_TurnLimitExceeded": TurnLimitExceeded,
    "_KeyError": KeyError,
    "_RecursionError": RecursionError,
    "_Exception": Exception,
    "_ShortCircuit": ShortCircuit,
    "_reference_error": reference_error,
    "_stack_error": stack_error,
    "_internal_error": internal_error,
    "_nn": not_nullish,
    "_truthy": to_boolean,
    "_num": number_of,
    "_str": string_of,
    "_typeof": js_typeof,
    "_get": get_property,
    "_method": method_of,
    "_call_value": call_value,
    "_make_object": make_object,
    "_join_template": join_template,
    "_add": ops.js_add,
    "_concat": concat,
    "_sub": ops.js_subtract,
    "_mul": ops.js_multiply,
    "_div": ops.js_divide,
    "_mod": ops.js_remainder,
    "_pow": ops.js_power,
    "_neg": ops.js_negate,
    "_lt": ops.js_less_than,
    "_gt": ops.js_greater_than,
    "_le": ops.js_less_equal,
    "_ge": ops.js_greater_equal,
    "_eq": ops.js_equals_loose,
    "_seq": js_equals_strict,
    "_in": ops.js_in,
}
