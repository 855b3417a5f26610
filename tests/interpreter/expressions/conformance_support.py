"""Shared pieces of the Node.js conformance test: the bound variables and the canonical form.

The same variables are written out in node_eval.js; both sides print every result in one
canonical text form (type tag + value, ``-0`` kept, errors as their constructor name) so
the comparison is a plain string comparison.
"""

from __future__ import annotations

import json
import math
from typing import Any

from interpreter.expressions import (
    UNDEFINED,
    ExpressionRuntimeError,
    ExpressionSyntaxError,
    compile_expression,
    to_js_string,
)
from interpreter.expressions.properties import own_keys
from interpreter.expressions.regexp_value import JSRegExp
from interpreter.expressions.values import JSFunction, Namespace

SCOPE: dict[str, Any] = {
    "x": 5.0,
    "y": -2.5,
    "z": 0.0,
    "nz": -0.0,
    "big": 1e21,
    "tiny": 1e-7,
    "nan": math.nan,
    "inf": math.inf,
    "count": 3,
    "s": " Hello, World ",
    "e": "",
    "num": "42",
    "hex": "0x1f",
    "t": True,
    "f": False,
    "n": None,
    "u": UNDEFINED,
    "arr": [1.0, "two", None, [3.0, 4.0]],
    "nums": [3.0, 1.0, 2.0],
    "empty": [],
    "obj": {"a": 1, "b": {"c": "d"}, "k-1": True, "2": "two", "list": [1, 2]},
    "blank": {},
    "name": "Ada",
    "tier": "gold",
    "balance": 150,
}


def canonical(value: Any) -> str:
    if value is UNDEFINED:
        return "u"
    if value is None:
        return "n"
    kind = type(value)
    if kind is bool:
        return "T" if value else "F"
    if kind is float or kind is int:
        if value == 0 and math.copysign(1.0, value) < 0:
            return "N-0"
        return "N" + to_js_string(value)
    if kind is str:
        return "S" + json.dumps(value)
    if kind is JSFunction:
        return "fn"
    if kind is list:
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if kind is Namespace or kind is JSRegExp:
        return "{}"
    if kind is dict:
        items = (json.dumps(key) + ":" + canonical(value[key]) for key in own_keys(value))
        return "{" + ",".join(items) + "}"
    raise AssertionError(f"value outside the model: {value!r}")


def evaluate_canonical(source: str) -> str:
    """Our result for ``source`` in the canonical form node_eval.js prints."""
    try:
        expression = compile_expression(source)
    except ExpressionSyntaxError:
        return "E:SyntaxError"
    try:
        return canonical(expression.evaluate(SCOPE))
    except ExpressionRuntimeError as error:
        return "E:" + error.kind
