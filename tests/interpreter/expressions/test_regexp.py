"""RegExp in expressions: linear-time matching, clear errors for what RE2 cannot run, state."""

from __future__ import annotations

import time

import pytest

from interpreter.expressions import (
    UNDEFINED,
    ExpressionRuntimeError,
    ExpressionSyntaxError,
    compile_expression,
    from_state,
    to_state,
)
from interpreter.expressions.regexp_syntax import MAX_REGEXP_SOURCE_LENGTH
from interpreter.expressions.regexp_value import JSRegExp
from interpreter.expressions.templates import compile_template

EVIL = "a" * 50_000 + "!"


@pytest.mark.parametrize(
    "source",
    [
        "RegExp('(a+)+$').test(text)",
        "text.replace(RegExp('(a|aa)+$', 'g'), '')",
        "text.split(RegExp('(a*)*b'))",
        "text.match(RegExp('^(\\\\w+\\\\s?)+$'))",
        "text.search(RegExp('a*a*a*a*a*a*b'))",
        "text.replaceAll(RegExp('(a+)+!', 'gi'), '$1')",
    ],
)
def test_catastrophic_patterns_finish_fast_on_long_input(source: str) -> None:
    expression = compile_expression(source)
    started = time.perf_counter()
    expression.evaluate({"text": EVIL})
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("RegExp('(a)\\\\1')", "backreferences"),
        ("RegExp('(?<x>a)\\\\k<x>')", "backreferences"),
        ("'ab'.replace(RegExp('(?=b)'), '-')", "lookahead"),
        ("RegExp('(?<!a)b', 'g').test(x)", "lookbehind"),
        ("RegExp('a', 'd')", "'d' flag"),
        ("RegExp('a', 'v')", "'v' flag"),
        ("RegExp('a', 'gg')", "Invalid flags"),
        ("RegExp('[a')", "Unterminated character class"),
        ("RegExp('\\\\u{61}')", "need the u flag"),
    ],
)
def test_literal_patterns_that_cannot_run_are_refused_at_compile_time(source: str, reason: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        compile_expression(source)
    assert reason in raised.value.message
    assert "Invalid regular expression" in raised.value.message or "flag" in raised.value.message


def test_template_holes_are_checked_too() -> None:
    with pytest.raises(ExpressionSyntaxError, match="lookahead"):
        compile_template("Hi {{ name.replace(RegExp('x(?!y)'), '') }}")


def test_patterns_built_at_run_time_throw_a_syntax_error_then() -> None:
    expression = compile_expression("RegExp(p, f).test('aa')")
    assert expression.evaluate({"p": "(a)a", "f": ""}) is True
    with pytest.raises(ExpressionRuntimeError) as raised:
        expression.evaluate({"p": "(a)\\1", "f": ""})
    assert raised.value.kind == "SyntaxError"
    assert "/(a)\\1/" in raised.value.message and "backreferences" in raised.value.message


def test_overlong_patterns_are_refused() -> None:
    expression = compile_expression("RegExp(p)")
    with pytest.raises(ExpressionRuntimeError, match="too long"):
        expression.evaluate({"p": "a" * (MAX_REGEXP_SOURCE_LENGTH + 1)})
    assert isinstance(expression.evaluate({"p": "a" * MAX_REGEXP_SOURCE_LENGTH}), JSRegExp)


def test_replace_all_needs_the_global_flag() -> None:
    with pytest.raises(ExpressionRuntimeError, match="global RegExp") as raised:
        compile_expression("'a'.replaceAll(RegExp('a'), 'b')").evaluate({})
    assert raised.value.kind == "TypeError"


def test_text_with_an_unpaired_surrogate_is_a_clear_error() -> None:
    with pytest.raises(ExpressionRuntimeError, match="unpaired surrogate"):
        compile_expression("RegExp('a').test('\\ud800a')").evaluate({})


def test_a_global_regexp_in_a_variable_advances_last_index_and_survives_saving() -> None:
    regexp = compile_expression("RegExp('a', 'g')").evaluate({})
    test = compile_expression("r.test('aa')")
    assert test.evaluate({"r": regexp}) is True
    assert regexp.last_index == 1.0
    restored = from_state(to_state({"r": regexp}))["r"]
    assert isinstance(restored, JSRegExp) and restored is not regexp
    assert (restored.flags, restored.last_index) == ("g", 1.0)
    assert test.evaluate({"r": restored}) is True
    assert test.evaluate({"r": restored}) is False
    assert restored.last_index == 0.0


def test_each_evaluation_of_a_literal_regexp_is_a_new_object() -> None:
    expression = compile_expression("RegExp('a', 'g')")
    first, second = expression.evaluate({}), expression.evaluate({})
    assert first is not second
    assert first.compiled is second.compiled


def test_match_positions_count_characters_like_the_other_string_methods() -> None:
    source = "s.slice(s.search(RegExp('w'))) + '|' + s.indexOf('w')"
    assert compile_expression(source).evaluate({"s": "héllo wörld"}) == "wörld|6"


@pytest.mark.parametrize(("source", "expected"), [
    ("'abc'.match(RegExp('(?<n>b)')).groups", {"n": "b"}),
    ("'abc'.match(RegExp('(?<n>b)')).index", 1.0),
    ("'abc'.match(RegExp('(?<n>b)')).input", "abc"),
    ("'abc'.match(RegExp('b')).groups", UNDEFINED),
    ("RegExp('(\\\\d+)-(?<x>\\\\d+)').exec('tel 12-34').index", 4.0),
    ("RegExp('(\\\\d+)-(?<x>\\\\d+)').exec('tel 12-34').groups.x", "34"),
    ("RegExp('\\\\d', 'g').exec('a1b2').index", 1.0),
    ("'a1b2'.match(RegExp('\\\\d', 'g')).index", UNDEFINED),
    ("JSON.stringify('abc'.match(RegExp('(?<n>b)')))", '["b","b"]'),
    ("'x'.match(RegExp('(?<a>y)?x')).groups.a", UNDEFINED),
    ("['b', 'b'].index", UNDEFINED),
])
def test_match_results_carry_index_input_and_groups(source: str, expected: object) -> None:
    """As in Node.js: `exec`, a non-global `match` and `matchAll` give arrays with the match's
    position, the text searched and the named groups (undefined without names)."""
    assert compile_expression(source).evaluate({}) == expected
