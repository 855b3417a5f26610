"""Comparing and showing flow values the way the flow's JavaScript-like language sees them.

YAML `2` and the flow's number `2.0` are the same value; `true` is not `1`; `null` is not
`undefined`. Values are shown as JSON-like text, and secure variables are never shown at all.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

MASK = "****"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def same_value(expected: Any, actual: Any) -> bool:
    """Deep equality with JS number semantics (2 equals 2.0; NaN equals NaN here)."""
    if _is_number(expected):
        if not _is_number(actual):
            return False
        if math.isnan(expected) and math.isnan(actual):
            return True
        return float(expected) == float(actual)
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    if isinstance(expected, str):
        return isinstance(actual, str) and actual == expected
    if isinstance(expected, list | tuple):
        return (isinstance(actual, list | tuple) and len(actual) == len(expected)
                and all(same_value(e, a) for e, a in zip(expected, actual)))
    if isinstance(expected, Mapping):
        return (isinstance(actual, Mapping) and set(actual) == set(expected)
                and all(same_value(expected[key], actual[key]) for key in expected))
    return bool(expected == actual)


def contains(expected: Any, actual: Any) -> bool:
    """Like `same_value`, but an object matches when every key `expected` lists matches."""
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and contains(value, actual[key]) for key, value in expected.items())
    if isinstance(expected, list | tuple):
        return (isinstance(actual, list | tuple) and len(actual) == len(expected)
                and all(contains(e, a) for e, a in zip(expected, actual)))
    return same_value(expected, actual)


def show(value: Any) -> str:
    """A value as JSON-like text: 2.0 as 2, undefined as undefined, NaN as NaN."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if float(value).is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{json.dumps(str(key), ensure_ascii=False)}: {show(item)}"
                               for key, item in value.items()) + "}"
    return repr(value)
