"""ECMAScript semantics of operators and conversions on the value model."""

from __future__ import annotations

import math

import pytest

from interpreter.expressions import (
    UNDEFINED,
    js_equals_strict,
    js_typeof,
    to_boolean,
    to_js_string,
    to_number,
)
from tests.interpreter.expressions.helpers import run

SCOPE = {"i": 3, "f": 2.5, "s": "7", "t": True, "n": None, "u": UNDEFINED, "a": [1, 2], "o": {}}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("0.1 + 0.2", 0.30000000000000004),
        ("1 + '1'", "11"),
        ("'3' - 1", 2.0),
        ("'a' * 2", math.nan),
        ("1 / 0", math.inf),
        ("-1 / 0", -math.inf),
        ("-5 % 3", -2.0),
        ("5.5 % -2", 1.5),
        ("2 ** 3 ** 2", 512.0),
        ("(-2) ** 2", 4.0),
        ("i + 1", 4.0),
        ("i * f", 7.5),
        ("s * 2", 14.0),
        ("t + t", 2.0),
        ("n + 1", 1.0),
        ("u + 1", math.nan),
        ("a + ''", "1,2"),
        ("o + ''", "[object Object]"),
        ("+' 0x1f '", 31.0),
        ("+''", 0.0),
        ("-'1e3'", -1000.0),
    ],
)
def test_arithmetic(source: str, expected: object) -> None:
    result = run(source, SCOPE)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(result, float) and math.isnan(result)
    else:
        assert result == expected
        assert type(result) is type(expected)


def test_negative_zero_is_kept_and_printed_as_zero() -> None:
    result = run("-0 * 1")
    assert result == 0 and math.copysign(1.0, result) < 0
    assert run("String(-0)") == "0"
    assert run("1 / -0") == -math.inf


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("null == undefined", True),
        ("null === undefined", False),
        ("null == 0", False),
        ("'' == 0", True),
        ("'1' == 1", True),
        ("[1] == 1", True),
        ("[] == false", True),
        ("NaN == NaN", False),
        ("i === 3", True),
        ("i == '3'", True),
        ("t == 1", True),
        ("t === 1", False),
        ("a == a", True),
        ("a == [1, 2]", False),
        ("'10' < '9'", True),
        ("'10' < 9", False),
        ("null >= 0", True),
        ("undefined >= 0", False),
        ("'b' > 'a'", True),
    ],
)
def test_comparison(source: str, expected: bool) -> None:
    assert run(source, SCOPE) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("0 || 'x'", "x"),
        ("'' && 'x'", ""),
        ("NaN || 'y'", "y"),
        ("[] && 'z'", "z"),
        ("null ?? 'd'", "d"),
        ("0 ?? 'd'", 0.0),
        ("n ?? u ?? 'last'", "last"),
        ("f > 2 ? 'big' : 'small'", "big"),
        ("!''", True),
        ("!!o", True),
    ],
)
def test_logic(source: str, expected: object) -> None:
    assert run(source, SCOPE) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (-0.0, "0"),
        (123456789012345680000.0, "123456789012345680000"),
        (1.5, "1.5"),
        (100.0, "100"),
        (7, "7"),
        (math.nan, "NaN"),
        (-math.inf, "-Infinity"),
        (2.0**70, "1.1805916207174113e+21"),
        (True, "true"),
        (None, "null"),
        (UNDEFINED, "undefined"),
        ([1.0, [2.0, None], UNDEFINED], "1,2,,"),
        ({"a": 1}, "[object Object]"),
    ],
)
def test_to_js_string(value: object, text: str) -> None:
    assert to_js_string(value) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (" 12 ", 12.0),
        ("0x1f", 31.0),
        ("0b101", 5.0),
        ("0o17", 15.0),
        ("", 0.0),
        ("\u00a0\n", 0.0),
        ("1e3", 1000.0),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        (".5", 0.5),
        ("5.", 5.0),
        ("-0x10", math.nan),
        ("1_000", math.nan),
        ("inf", math.nan),
        ("\x1c1", math.nan),
        ("12px", math.nan),
    ],
)
def test_to_number_of_strings(text: str, number: float) -> None:
    result = to_number(text)
    assert result == number or (math.isnan(number) and math.isnan(result))


def test_to_number_never_counts_bool_as_int() -> None:
    assert to_number(True) == 1.0
    assert type(to_number(True)) is float
    assert to_number(10**400) == math.inf
    assert js_typeof(True) == "boolean"
    assert js_typeof(3) == "number"
    assert not js_equals_strict(True, 1)
    assert js_equals_strict(1, 1.0)


@pytest.mark.parametrize("value", ["", 0.0, -0.0, math.nan, None, UNDEFINED, False, 0])
def test_falsy_values(value: object) -> None:
    assert to_boolean(value) is False


@pytest.mark.parametrize("value", ["0", " ", [], {}, -1.0, math.inf, True, 2])
def test_truthy_values(value: object) -> None:
    assert to_boolean(value) is True


def test_undefined_singleton_behaves() -> None:
    import copy
    import pickle

    assert repr(UNDEFINED) == "undefined"
    assert not UNDEFINED
    assert copy.deepcopy(UNDEFINED) is UNDEFINED
    assert pickle.loads(pickle.dumps(UNDEFINED)) is UNDEFINED
    assert run("u", SCOPE) is UNDEFINED
    assert run("undefined") is UNDEFINED
    assert run("typeof u", SCOPE) == "undefined"


def test_property_access_on_primitives() -> None:
    assert run("'abc'.length") == 3.0
    assert run("'abc'[1]") == "b"
    assert run("[1, 2].length") == 2.0
    assert run("a[1]", SCOPE) == 2
    assert run("a[5]", SCOPE) is UNDEFINED
    assert run("(5).toFixed(1)") == "5.0"


def test_optional_chaining_short_circuits_the_whole_chain() -> None:
    scope = {"o": {"b": None}, "n": None}
    assert run("n?.a.b.c", scope) is UNDEFINED
    assert run("o.b?.c.d", scope) is UNDEFINED
    assert run("n?.[0]", scope) is UNDEFINED
    assert run("n?.()", scope) is UNDEFINED
    assert run("o.zz?.()", scope) is UNDEFINED
    assert run("o?.b?.c?.d", scope) is UNDEFINED


def test_results_are_floats_even_from_int_inputs() -> None:
    result = run("i - 1", SCOPE)
    assert result == 2.0 and type(result) is float
    assert type(run("Math.max(i, 1)", SCOPE)) is float
