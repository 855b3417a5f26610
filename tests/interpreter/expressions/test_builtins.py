"""Built-in functions and methods (Node.js conformance covers them broadly; these pin down
what it cannot: the context's random source, and our own values)."""

from __future__ import annotations

import math

import pytest

from interpreter.expressions import UNDEFINED, EvalContext
from tests.interpreter.expressions.helpers import run


def test_math_random_uses_the_context() -> None:
    ctx = EvalContext(random=lambda: 0.75)
    assert run("Math.random()", ctx=ctx) == 0.75
    assert run("Math.floor(Math.random() * 4)", ctx=ctx) == 3.0
    values = iter([0.1, 0.2])
    sequence = EvalContext(random=lambda: next(values))
    assert run("[Math.random(), Math.random()]", ctx=sequence) == [0.1, 0.2]


def test_random_without_context_is_in_range() -> None:
    from interpreter.expressions import compile_expression

    value = compile_expression("Math.random()").evaluate({})
    assert 0.0 <= value < 1.0


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Math.round(-2.5)", -2.0),
        ("Math.round(2.5)", 3.0),
        ("Math.max()", -math.inf),
        ("Math.min(3, '1', [2])", 1.0),
        ("Math.trunc(-4.7)", -4.0),
        ("Math.sign(-3)", -1.0),
        ("Math.pow(2, 10)", 1024.0),
        ("Math.sqrt(16)", 4.0),
        ("parseInt('08')", 8.0),
        ("parseInt('ff', 16)", 255.0),
        ("parseFloat('3.14 apples')", 3.14),
        ("Number('  42  ')", 42.0),
        ("String([1, [2, 3]])", "1,2,3"),
        ("Boolean('false')", True),
        ("isNaN('x')", True),
        ("isFinite('1e308')", True),
        ("Number.isInteger(5)", True),
        ("Number.MAX_SAFE_INTEGER", 9007199254740991.0),
        ("Array.isArray([])", True),
        ("Object.keys({b: 1, a: 2, 1: 3})", ["1", "b", "a"]),
        ("Object.values({a: 1, b: 'x'})", [1.0, "x"]),
        ("Object.entries({a: 1})", [["a", 1.0]]),
        ("JSON.stringify({a: [1, 'x', null, undefined], b: undefined})", '{"a":[1,"x",null,null]}'),
        ("JSON.stringify({a: 1}, null, 2)", '{\n  "a": 1\n}'),
        ('JSON.parse(\'{"a": [1, 2.5, "x"]}\')', {"a": [1.0, 2.5, "x"]}),
        ("encodeURIComponent('a b/é')", "a%20b%2F%C3%A9"),
        ("decodeURIComponent('a%20b%2F%C3%A9')", "a b/é"),
        ("String.fromCharCode(72, 105)", "Hi"),
        ("'Hello'.padEnd(8, '.')", "Hello..."),
        ("'a-b-c'.split('-')", ["a", "b", "c"]),
        ("'a-b-c'.replace('-', '+')", "a+b-c"),
        ("'a-b-c'.replaceAll('-', '+')", "a+b+c"),
        ("'  x '.trim().length", 1.0),
        ("'abc'.at(-1)", "c"),
        ("'abc'.substring(2, 0)", "ab"),
        ("[1, 2, 3].slice(1)", [2.0, 3.0]),
        ("[1, 2].concat([3], 4)", [1.0, 2.0, 3.0, 4.0]),
        ("['a', null, 'b'].join('/')", "a//b"),
        ("[1, 2, 3].indexOf(3)", 2.0),
        ("[NaN].includes(NaN)", True),
        ("(255).toString(16)", "ff"),
        ("(0.5).toString(2)", "0.1"),
        ("(1.005).toFixed(2)", "1.00"),
        ("true.toString()", "true"),
        ("Math.max.name", "max"),
        ("typeof parseInt", "function"),
        ("String(JSON)", "[object JSON]"),
        ("Object.keys(Math)", []),
    ],
)
def test_builtins(source: str, expected: object) -> None:
    assert run(source) == expected


def test_array_methods_do_not_mutate() -> None:
    items = [3.0, 1.0]
    scope = {"items": items}
    run("items.concat([9]).slice(0, 1)", scope)
    assert items == [3.0, 1.0]


def test_int_inputs_are_numbers_everywhere() -> None:
    scope = {"n": 7, "items": [1, 2, 3], "o": {"k": 2}}
    assert run("n.toFixed(1)", scope) == "7.0"
    assert run("items.indexOf(2)", scope) == 1.0
    assert run("items.includes(3.0)", scope) is True
    assert run("JSON.stringify(o)", scope) == '{"k":2}'
    assert run("o.k === 2", scope) is True
    assert run("Number.isInteger(n)", scope) is True
    assert run("typeof n", scope) == "number"
    assert run("[true].indexOf(1)", scope) == -1.0


def test_method_references_and_calls_through_values() -> None:
    assert run("(s.trim)()", {"s": " x "}) == "x"
    assert run("({f: Math.max}).f(1, 5)") == 5.0
    assert run("[Math.abs][0](-3)") == 3.0
    assert run("s.nope?.()", {"s": "x"}) is UNDEFINED
