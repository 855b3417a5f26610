"""Property-based fuzzing: any text either compiles or fails with ExpressionSyntaxError, and
any valid expression evaluates or fails with ExpressionRuntimeError — never anything else,
never slowly."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interpreter.expressions import (
    ExpressionRuntimeError,
    ExpressionSyntaxError,
    compile_expression,
    compile_template,
)
from tests.interpreter.expressions.conformance_support import SCOPE
from tests.interpreter.expressions.expression_generator import ExpressionGenerator
from tests.interpreter.expressions.helpers import FIXED_CONTEXT

TOKENS = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "?.",
    "??",
    "?",
    ":",
    ",",
    ".",
    "+",
    "-",
    "*",
    "**",
    "/",
    "%",
    "!",
    "==",
    "===",
    "!=",
    "<",
    ">=",
    "&&",
    "||",
    "typeof ",
    " in ",
    "x",
    "s",
    "arr",
    "obj",
    "n",
    "u",
    "'a'",
    '"b"',
    "1",
    "0x1f",
    "1e3",
    ".5",
    " ",
    "\n",
    "\\",
    "'",
    '"',
    "{{",
    "}}",
    "Math.max",
    ".length",
    "null",
    "undefined",
    "true",
    "Time.now()",
    "JSON.parse",
    "'\\u{41}'",
    "NaN",
    "=",
    "=>",
    "`",
    "é",
    "\u2028",
    "new ",
    "this",
    "--",
    "++",
]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_SECONDS = 2.0


def check(source: str) -> None:
    started = time.perf_counter()
    try:
        expression = compile_expression(source)
    except ExpressionSyntaxError as error:
        assert error.line >= 1 and error.column >= 1
        assert error.message
    else:
        try:
            expression.evaluate(SCOPE, FIXED_CONTEXT)
        except ExpressionRuntimeError as error:
            assert error.kind != "InternalError", f"{source!r}: {error}"
    assert time.perf_counter() - started < MAX_SECONDS, source


@FUZZ
@given(st.text(max_size=80))
def test_arbitrary_text(source: str) -> None:
    check(source)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_token_soup(source: str) -> None:
    check(source)


@FUZZ
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=6))
def test_generated_expressions_never_crash_the_evaluator(seed: int, depth: int) -> None:
    check(ExpressionGenerator(seed).generate(depth))


@FUZZ
@given(st.lists(st.sampled_from([*TOKENS, "text ", "\\{{"]), max_size=30).map("".join))
def test_templates(source: str) -> None:
    try:
        template = compile_template(source)
    except ExpressionSyntaxError as error:
        assert error.line >= 1 and error.column >= 1
        return
    try:
        assert isinstance(template.render(SCOPE, FIXED_CONTEXT), str)
    except ExpressionRuntimeError as error:
        assert error.kind != "InternalError"
