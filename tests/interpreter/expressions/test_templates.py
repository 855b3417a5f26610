"""Templates: literal text with ``{{ expression }}`` holes printed with ``String()``."""

from __future__ import annotations

import pytest

from interpreter.expressions import (
    UNDEFINED,
    ExpressionRuntimeError,
    ExpressionSyntaxError,
    compile_template,
)

SCOPE = {
    "system": {"ANI": "+15551234567"},
    "name": "Ada",
    "n": None,
    "u": UNDEFINED,
    "amount": 1234.5,
    "items": [1, 2],
}


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Welcome {{ system.ANI }}", "Welcome +15551234567"),
        ("Hi {{name}}!", "Hi Ada!"),
        ("{{ n }} / {{ u }} / {{ items }}", "null / undefined / 1,2"),
        ("Total: {{ amount.toFixed(2) }} EUR", "Total: 1234.50 EUR"),
        ("{{ 1e21 }} {{ -0 }} {{ 0.1 + 0.2 }}", "1e+21 0 0.30000000000000004"),
        ("{{ ({a: {b: 1}}).a.b }}", "1"),
        ("{{ '}}' }}", "}}"),
        ("{{ \"a}}b\" + '{{' }}", "a}}b{{"),
        ("Braces: \\{{ not a hole }}", "Braces: {{ not a hole }}"),
        ("plain text", "plain text"),
        ("", ""),
        ("a } b }} c", "a } b }} c"),
        ("{{name}}{{name}}", "AdaAda"),
        ("back\\slash", "back\\slash"),
    ],
)
def test_render(source: str, text: str) -> None:
    assert compile_template(source).render(SCOPE) == text


def test_attributes() -> None:
    template = compile_template("Hi {{ name }} from {{ system.ANI }} ({{ Math.max(1, 2) }})")
    assert template.source.startswith("Hi ")
    assert template.names == frozenset({"name", "system"})
    assert template.is_constant is False
    constant = compile_template("Just text \\{{ x }}")
    assert constant.is_constant is True
    assert constant.names == frozenset()
    assert constant.render({}) == "Just text {{ x }}"


@pytest.mark.parametrize(
    ("source", "message", "line", "column"),
    [
        ("Hello {{ name", "Unclosed {{ — expected }}", 1, 7),
        ("Hello {{ }}", "Expression is empty", 1, 10),
        ("Line one\nHi {{ name + }}", "Unexpected end of expression — expected a value", 2, 13),
        ("A {{ 'x }}", "Unterminated string", 1, 6),
        ("{{ a }} and {{ b c }}", "Unexpected name 'c' — expected an operator", 1, 18),
    ],
)
def test_syntax_errors_point_into_the_template(source: str, message: str, line: int, column: int) -> None:
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_template(source)
    error = caught.value
    assert (error.message, error.line, error.column) == (message, line, column)
    assert error.source == source


def test_runtime_errors_propagate() -> None:
    template = compile_template("Hi {{ customer.name }}")
    with pytest.raises(ExpressionRuntimeError) as caught:
        template.render({"customer": UNDEFINED})
    assert caught.value.kind == "TypeError"


def test_rendered_length_is_capped() -> None:
    template = compile_template("{{ s }}{{ s }}{{ s }}")
    with pytest.raises(ExpressionRuntimeError) as caught:
        template.render({"s": "x" * 400_000})
    assert caught.value.message == "Invalid string length"
