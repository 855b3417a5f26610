"""Untrusted expressions: nothing of Python is reachable and every size is bounded."""

from __future__ import annotations

import time

import pytest

from interpreter.expressions import (
    UNDEFINED,
    ExpressionRuntimeError,
    ExpressionSyntaxError,
    compile_expression,
    compile_template,
    to_state,
)
from interpreter.expressions.limits import (
    MAX_BRACKET_DEPTH,
    MAX_SOURCE_LENGTH,
    MAX_STRING_LENGTH,
    MAX_SYNTAX_DEPTH,
)
from tests.interpreter.expressions.helpers import run

PYTHON_INTERNALS = [
    "'a'.__class__",
    "'a'['__class__']",
    "o.__class__",
    "o.__dict__",
    "o.__proto__",
    "o.constructor",
    "o['constructor']",
    "a.constructor",
    "s.constructor",
    "(1).constructor",
    "true.constructor",
    "Math.constructor",
    "Math.__dict__",
    "Math.max.prototype",
    "Math.max.__globals__",
    "Math.max.__code__",
    "JSON.parse.__self__",
    "s.trim.__func__",
    "Time.now.impl",
    "Math.members",
    "o.get",
    "o.keys",
    "a.append",
    "s.format",
    "s.join",
    "a.__len__",
    "Object.keys.__closure__",
]


@pytest.mark.parametrize("source", PYTHON_INTERNALS)
def test_no_python_attribute_is_reachable(source: str) -> None:
    scope = {"s": "text", "o": {"k": 1}, "a": [1]}
    assert run(source, scope) is UNDEFINED


def test_walking_further_into_internals_is_a_type_error() -> None:
    with pytest.raises(ExpressionRuntimeError) as caught:
        run("s.__class__.__mro__", {"s": "text"})
    assert caught.value.message == "Cannot read properties of undefined (reading '__mro__')"


@pytest.mark.parametrize(
    "source",
    [
        "__builtins__",
        "__import__('os')",
        "eval('1')",
        "exec",
        "globals()",
        "scope",
        "ctx",
        "_add",
        "_UNDEF",
        "type",
        "open('/etc/passwd')",
        "constructor",
    ],
)
def test_no_python_global_is_reachable(source: str) -> None:
    with pytest.raises(ExpressionRuntimeError) as caught:
        run(source)
    assert caught.value.kind == "ReferenceError"


def test_names_that_look_like_code_stay_data() -> None:
    scope = {"__class__": 1, "_t1": 2, "scope": 3, "x') or ('": 4}
    assert run("__class__ + _t1 + scope", scope) == 6.0
    assert run("({'a\\'); import os; (\\'': 1})") == {"a'); import os; ('": 1.0}
    assert compile_template('{{ "\'\'\'" }}"""').render({}) == "'''\"\"\""


def test_oversized_source_is_refused_before_parsing() -> None:
    started = time.perf_counter()
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression("1+" * 5_000_000 + "1")
    assert time.perf_counter() - started < 0.5
    assert "too long" in caught.value.message
    with pytest.raises(ExpressionSyntaxError):
        compile_template("x" * (MAX_SOURCE_LENGTH + 1))


@pytest.mark.parametrize("opening, closing", [("(", ")"), ("[", "]"), ("({a:", "})")])
def test_deep_brackets_are_refused_with_a_clear_error(opening: str, closing: str) -> None:
    source = opening * 1000 + "1" + closing * 1000
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(source)
    assert "nested too deeply" in caught.value.message


def test_reasonable_nesting_still_works() -> None:
    depth = MAX_BRACKET_DEPTH - 1
    assert run("(" * depth + "x" + ")" * depth, {"x": 1.0}) == 1.0
    assert run("+".join(["x"] * (MAX_SYNTAX_DEPTH - 2)), {"x": 1.0}) == MAX_SYNTAX_DEPTH - 2
    chain = " : ".join(["x ? 1"] * 150) + " : 2"
    assert run(chain, {"x": 0.0}) == 2.0
    assert run("a" + "?.b" * 120, {"a": {}}) is UNDEFINED
    assert run("!" * 190 + "x", {"x": 1.0}) is True
    assert run("s" + ".trim()" * 95, {"s": " x "}) == "x"
    assert run("s" + "?.trim()" * 95, {"s": None}) is UNDEFINED


def test_long_operator_chains_are_refused_not_crashing() -> None:
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression("+".join(["x"] * 5000))
    assert "too complex" in caught.value.message


@pytest.mark.parametrize(
    "source",
    [
        "'a'.repeat(1e9)",
        "'a'.padStart(1e9)",
        "'a'.padEnd(Infinity, 'b')",
        "s + s",
        "[s, s].join('')",
        "a.join(s)",
        "s.replaceAll('a', '$`')",
        "JSON.stringify([s, s])",
        "s.concat(s)",
        "encodeURIComponent(s + s)",
    ],
)
def test_string_results_are_capped(source: str) -> None:
    scope = {"s": "a" * 600_000, "a": ["x"] * 10}
    with pytest.raises(ExpressionRuntimeError) as caught:
        run(source, scope)
    assert (caught.value.kind, caught.value.message) == ("RangeError", "Invalid string length")


def test_string_cap_allows_the_limit_itself() -> None:
    assert len(run(f"'a'.repeat({MAX_STRING_LENGTH})")) == MAX_STRING_LENGTH


@pytest.mark.parametrize("source", ["s.split('')", "a.concat(a, a)"])
def test_array_results_are_capped(source: str) -> None:
    scope = {"s": "y" * 1_000_001, "a": [1.0] * 400_000}
    with pytest.raises(ExpressionRuntimeError) as caught:
        run(source, scope)
    assert caught.value.message == "Invalid array length"


def test_json_parse_depth_and_size_are_capped() -> None:
    with pytest.raises(ExpressionRuntimeError) as caught:
        run("JSON.parse(s)", {"s": "[" * 5000 + "]" * 5000})
    assert caught.value.kind == "SyntaxError"
    assert run("JSON.parse(s).length", {"s": "[" * 100 + "]" * 100}) == 1.0
    with pytest.raises(ExpressionRuntimeError):
        run("JSON.parse(s)", {"s": " " * (MAX_STRING_LENGTH + 1)})


def test_deeply_nested_values_fail_cleanly() -> None:
    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    for source in ("String(d)", "JSON.stringify(d)", "d == 'x'", "d + 1", "[d].join()"):
        with pytest.raises(ExpressionRuntimeError) as caught:
            run(source, {"d": deep})
        assert caught.value.kind == "RangeError"
    with pytest.raises(ExpressionRuntimeError):
        to_state(deep)


def test_circular_values_from_the_host_fail_cleanly() -> None:
    loop: dict[str, object] = {}
    loop["self"] = loop
    with pytest.raises(ExpressionRuntimeError) as caught:
        run("JSON.stringify(o)", {"o": loop})
    assert caught.value.kind == "TypeError"


def test_foreign_python_objects_are_opaque() -> None:
    scope = {"obj": object(), "tup": (1, 2)}
    assert run("typeof obj", scope) == "object"
    assert run("String(obj)", scope) == "[object Object]"
    assert run("obj.__class__", scope) is UNDEFINED
    assert run("tup.count", scope) is UNDEFINED
    assert run("JSON.stringify(tup)", scope) is UNDEFINED
