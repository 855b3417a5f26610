"""The public surface other packages code against."""

from __future__ import annotations

import threading

import pytest

import interpreter.expressions as expressions
from interpreter.expressions import (
    UNDEFINED,
    CompiledExpression,
    CompiledTemplate,
    EvalContext,
    compile_expression,
    compile_template,
)

PUBLIC = {
    "compile_expression",
    "compile_template",
    "CompiledExpression",
    "CompiledTemplate",
    "EvalContext",
    "ExpressionError",
    "ExpressionSyntaxError",
    "ExpressionRuntimeError",
    "UNDEFINED",
    "to_js_string",
    "to_boolean",
    "to_number",
    "js_equals_strict",
    "js_typeof",
    "to_state",
    "from_state",
    "parse_error_dict",
}


def test_public_names() -> None:
    assert set(expressions.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(expressions, name)


def test_compiled_expression_attributes() -> None:
    expression = compile_expression("a.b + 1")
    assert isinstance(expression, CompiledExpression)
    assert expression.source == "a.b + 1"
    assert expression.names == frozenset({"a"})
    assert expression.evaluate({"a": {"b": 2}}) == 3.0
    assert expression({"a": {"b": 2}}) == 3.0
    assert "a.b + 1" in repr(expression)


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("Math.max(x, parseInt(y)) + Number.EPSILON", {"x", "y"}),
        ("typeof maybe === 'undefined' ? NaN : Infinity", {"maybe"}),
        ("({key: value, [k]: v, short})", {"value", "k", "v", "short"}),
        ("system.ANI.slice(-4)", {"system"}),
        ("undefined ?? Time.now()", set()),
        ("a?.b[c](d)", {"a", "c", "d"}),
    ],
)
def test_names_are_root_identifiers_that_are_not_builtins(source: str, names: set[str]) -> None:
    assert compile_expression(source).names == frozenset(names)


def test_builtins_cannot_be_shadowed_by_scope() -> None:
    assert compile_expression("Math.max(1, 2)").evaluate({"Math": {"max": 0}}) == 2.0


def test_eval_context_defaults() -> None:
    context = EvalContext()
    assert context.timezone == "UTC"
    assert context.now_ms() > 1.6e12
    assert 0 <= context.random() < 1


def test_template_type() -> None:
    template = compile_template("x")
    assert isinstance(template, CompiledTemplate)
    assert template.render({}, EvalContext()) == "x"


def test_source_must_be_text() -> None:
    with pytest.raises(TypeError):
        compile_expression(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compile_template(None)  # type: ignore[arg-type]


def test_compiled_expressions_are_shared_between_threads() -> None:
    expression = compile_expression("(x * 2) + s.trim().length")
    results: list[float] = []
    errors: list[BaseException] = []

    def work(value: float) -> None:
        try:
            for _ in range(2000):
                results.append(expression.evaluate({"x": value, "s": " ab "}))
            compile_expression(f"{value} + 1")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(float(i),)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(set(results)) == [2.0, 4.0, 6.0, 8.0]


def test_scope_can_be_any_mapping() -> None:
    from collections import ChainMap

    scope = ChainMap({"a": 1.0}, {"b": 2.0})
    assert compile_expression("a + b + (typeof c)").evaluate(scope) == "3undefined"
    assert compile_expression("u").evaluate({"u": UNDEFINED}) is UNDEFINED
