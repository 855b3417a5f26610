"""to_state / from_state: every value survives a trip through plain JSON unchanged."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from interpreter.expressions import UNDEFINED, ExpressionRuntimeError, from_state, to_state
from interpreter.expressions.values import JSFunction


def same(left: Any, right: Any) -> bool:
    if type(left) is float and type(right) is float:
        if math.isnan(left):
            return math.isnan(right)
        return left == right and math.copysign(1.0, left) == math.copysign(1.0, right)
    if type(left) is list and type(right) is list:
        return len(left) == len(right) and all(map(same, left, right))
    if type(left) is dict and type(right) is dict:
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    return (type(left) is type(right) and left == right) or left is right


VALUES = [
    UNDEFINED,
    None,
    True,
    False,
    0.0,
    -0.0,
    1.5,
    3.0,
    1e300,
    2.0**60,
    math.nan,
    math.inf,
    -math.inf,
    "",
    "text with \u2028 and é",
    [],
    [1.0, UNDEFINED, None, [math.nan]],
    {},
    {"a": 1.0, "b": {"c": UNDEFINED}},
    {"$js": "NaN"},
    {"$js": "object", "value": {}},
    {"nested": {"$js": 1.0}},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_round_trip_through_json(value: Any) -> None:
    saved = to_state(value)
    text = json.dumps(saved, allow_nan=False)
    assert same(from_state(json.loads(text)), value)


def test_integral_floats_are_written_as_json_integers() -> None:
    assert to_state(3.0) == 3 and type(to_state(3.0)) is int
    assert to_state([1.0, 2.5]) == [1, 2.5]
    assert type(to_state(2.0**60)) is float
    assert to_state(-0.0) == {"$js": "-0"}
    assert to_state(UNDEFINED) == {"$js": "undefined"}


def test_ints_come_back_as_floats() -> None:
    assert from_state(3) == 3.0 and type(from_state(3)) is float
    assert to_state(7) == 7
    assert from_state({"a": [1, True]}) == {"a": [1.0, True]}
    assert type(from_state({"a": [1, True]})["a"][1]) is bool


def test_functions_cannot_be_stored() -> None:
    with pytest.raises(ExpressionRuntimeError):
        to_state(JSFunction("f", lambda this, args, ctx: None))


@pytest.mark.parametrize("data", [{"$js": "bogus"}, {"$js": "NaN", "x": 1}, {"$js": "object"}])
def test_unknown_tags_are_rejected(data: Any) -> None:
    with pytest.raises(ValueError):
        from_state(data)
