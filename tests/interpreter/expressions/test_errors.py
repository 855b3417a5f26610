"""Syntax errors carry a short message and a 1-based position; runtime errors a JS kind."""

from __future__ import annotations

import pytest

from interpreter.expressions import (
    ExpressionError,
    ExpressionRuntimeError,
    ExpressionSyntaxError,
    compile_expression,
    parse_error_dict,
)
from tests.interpreter.expressions.helpers import run


def syntax_error(source: str) -> ExpressionSyntaxError:
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(source)
    return caught.value


@pytest.mark.parametrize(
    ("source", "message", "line", "column"),
    [
        ("1 +", "Unexpected end of expression — expected a value", 1, 4),
        ("(1 + 2", "Unexpected end of expression — expected ')'", 1, 7),
        ("f(1", "Unexpected end of expression — expected ')' or ','", 1, 4),
        ("a ? b", "Unexpected end of expression — expected ':'", 1, 6),
        ("(1 + )", "Unexpected ')' — expected a value", 1, 6),
        ("a b", "Unexpected name 'b' — expected an operator", 1, 3),
        ("[1 2]", "Unexpected number 2 — expected an operator, ']' or ','", 1, 4),
        ("a.", "Unexpected end of expression — expected a property name", 1, 3),
        ("'abc", "Unterminated string", 1, 1),
        ("x == 'a\n'", "Unterminated string", 1, 6),
        ("1e", "Invalid number", 1, 1),
        ("012", "Numbers cannot start with 0 (octal literals are not allowed)", 1, 1),
        ("'\\x4g'", "Invalid hexadecimal escape sequence", 1, 2),
        ("'ok' + '\\u{110000}'", "Invalid Unicode escape sequence", 1, 9),
        ("a = 1", "'=' is not allowed here — use == or === to compare", 1, 3),
        ("a & b", "'&' is not supported — use && for 'and'", 1, 3),
        ("-a ** 2", "Put parentheses around the left side of '**', e.g. (-a) ** 2", 1, 4),
        ("a ?? b || c", "Cannot mix ?? with || or && — add parentheses, e.g. (a ?? b) || c", 1, 8),
        ("a || b ?? c", "Cannot mix ?? with || or && — add parentheses, e.g. (a ?? b) || c", 1, 8),
        ("{a: 1}", "Wrap an object literal in parentheses: ({ key: value })", 1, 1),
        ("new Date()", "'new' is not supported in expressions", 1, 5),
        ("this", "'this' is a reserved word and cannot be used in an expression", 1, 1),
        ("x++", "'++' is not allowed — an expression cannot change a value", 1, 2),
        ("x // note", "Comments are not allowed in expressions", 1, 3),
        ("x + /a/", "Regular expressions are not supported", 1, 5),
        ("// note", "Comments are not allowed in expressions", 1, 1),
        ("() => 1", "Unexpected ')' — expected a value", 1, 2),
        ("x; y", "';' is not allowed — an expression is a single formula, not statements", 1, 2),
        ("   ", "Expression is empty", 1, 4),
        ("a +\n  * b", "Unexpected '*' — expected a value", 2, 3),
    ],
)
def test_syntax_error_messages_and_positions(source: str, message: str, line: int, column: int) -> None:
    error = syntax_error(source)
    assert (error.message, error.line, error.column) == (message, line, column)
    assert error.source == source
    assert parse_error_dict(error) == {"message": message, "line": line, "column": column}
    assert str(error) == f"{message} (line {line}, column {column})"
    assert isinstance(error, ExpressionError)


def test_columns_count_characters_after_crlf_and_unicode_lines() -> None:
    error = syntax_error("'é' +\r\n 'ü' +\u2028)")
    assert (error.line, error.column) == (3, 1)


@pytest.mark.parametrize(
    ("source", "kind", "message"),
    [
        ("u.b", "TypeError", "Cannot read properties of undefined (reading 'b')"),
        ("n[0]", "TypeError", "Cannot read properties of null (reading '0')"),
        ("o.a.b.c", "TypeError", "Cannot read properties of undefined (reading 'c')"),
        ("missing + 1", "ReferenceError", "missing is not defined"),
        ("o.f()", "TypeError", "o.f is not a function"),
        ("o.a.b()", "TypeError", "o.a.b is not a function"),
        ("(1)()", "TypeError", "1 is not a function"),
        ("Math.nope()", "TypeError", "Math.nope is not a function"),
        ("'a'.repeat(-1)", "RangeError", "Invalid count value: -1"),
        ("'a'.repeat(1e9)", "RangeError", "Invalid string length"),
        ("(1).toFixed(101)", "RangeError", "toFixed() digits argument must be between 0 and 100"),
        ("'k' in 'abc'", "TypeError", "Cannot use 'in' operator to search for 'k' in abc"),
        ("Object.keys(null)", "TypeError", "Cannot convert undefined or null to object"),
        ("decodeURIComponent('%')", "URIError", "URI malformed"),
        ("Array(3)", "TypeError", "Array() cannot be called in an expression"),
    ],
)
def test_runtime_errors_are_reported_like_javascript(source: str, kind: str, message: str) -> None:
    scope = {"u": None, "n": None, "o": {"a": {}}}
    scope["u"] = compile_expression("undefined").evaluate({})
    with pytest.raises(ExpressionRuntimeError) as caught:
        run(source, scope)
    assert (caught.value.kind, caught.value.message) == (kind, message)
    assert str(caught.value) == f"{kind}: {message}"


def test_json_parse_errors_are_syntax_errors_at_runtime() -> None:
    with pytest.raises(ExpressionRuntimeError) as caught:
        run("JSON.parse('{bad')")
    assert caught.value.kind == "SyntaxError"
    assert "JSON" in caught.value.message


def test_reference_error_happens_only_when_the_name_is_evaluated() -> None:
    assert run("true || missing") is True
    assert run("typeof missing") == "undefined"
    assert run("n?.[missing]", {"n": None}) is not None
