"""Regex searches are paid for, at their worst, before RE2 runs them.

RE2 runs in time linear in the text, but its slowest search costs the text's length times the
program's size, and an RE2 call cannot be interrupted: a big pattern on a long text must be
refused with LimitExceeded before the search starts, not after minutes inside it.
"""

from __future__ import annotations

import pytest

from interpreter.expressions import ExpressionRuntimeError, compile_expression
from interpreter.expressions.budget import (
    DEFAULT_BUDGET,
    PER_ITEM,
    TurnBudget,
    TurnLimitExceeded,
    metered_turn,
)
from interpreter.expressions.regexp_syntax import compile_regexp
from interpreter.linear_regex import SEARCH_UNITS, UnsupportedPattern, compile_linear

BIG = "'(' + '[a-z]{1,50}|'.repeat(150) + 'b)*c'"
"""A pattern of about 52,000 instructions: RE2's slow search reads each byte 52,000 times."""


def spent(source: str, scope: dict[str, object] | None = None) -> float:
    budget = TurnBudget(max_work=10**15, max_time_ms=None)
    with metered_turn(budget) as meter:
        compile_expression(source).evaluate(scope or {})
        return 10**15 - meter.work_left


@pytest.mark.parametrize("method", [
    "RegExp({big}, 'i').test(text)",
    "RegExp({big}, 'i').exec(text)",
    "text.match(RegExp({big}, 'i'))",
    "text.match(RegExp({big}, 'gi'))",
    "text.matchAll(RegExp({big}, 'gi'))",
    "text.search(RegExp({big}, 'i'))",
    "text.replace(RegExp({big}, 'i'), '')",
    "text.replaceAll(RegExp({big}, 'gi'), '')",
    "text.split(RegExp({big}, 'i'))",
    "RegExp({big}, 'iy').test(text)",
])
def test_a_big_pattern_on_a_long_text_is_refused_before_it_runs(method: str) -> None:
    expression = compile_expression(method.format(big=BIG))
    with metered_turn(DEFAULT_BUDGET), pytest.raises(TurnLimitExceeded) as raised:
        expression.evaluate({"text": "x" * 3_000 + "y"})
    assert raised.value.limit == "work"


def test_the_charge_grows_with_the_program_and_the_text() -> None:
    compiled = compile_regexp("(" + "[a-z]{1,50}|" * 150 + "b)*c", "i")
    assert compiled.units_per_byte >= 2 * compiled.program.programsize > 100_000
    cost = spent(f"RegExp({BIG}, 'i').test('x'.repeat(500))")
    assert cost >= 500 * compiled.units_per_byte


def test_many_capture_groups_cost_more_per_byte() -> None:
    plain = compile_regexp("(?:" + "|".join(["x"] * 300) + ")*", "")
    captured = compile_regexp("(?:" + "|".join(["(x)"] * 300) + ")*", "")
    assert captured.units_per_byte > 50 * plain.units_per_byte
    assert captured.units_per_search > 1_000_000


def test_each_match_of_a_global_search_is_a_search_paid_for() -> None:
    cost = spent("text.replace(RegExp('x', 'g'), 'y')", {"text": "x" * 1_000})
    assert cost >= 1_000 * SEARCH_UNITS


def test_a_later_search_of_a_global_match_must_fit_in_what_is_left() -> None:
    compiled = compile_regexp("(" + "[a-z]{1,50}|" * 150 + "b)*?c", "i")
    text = "c" + "x" * 1_000
    first = compiled.units_per_search + compiled.group_count * PER_ITEM + len(text) * compiled.units_per_byte
    budget = TurnBudget(max_work=first + 10 * SEARCH_UNITS, max_time_ms=None)
    expression = compile_expression(f"text.replace(RegExp({BIG.replace('b)*c', 'b)*?c')}, 'gi'), '')")
    with metered_turn(budget) as meter, pytest.raises(TurnLimitExceeded):
        expression.evaluate({"text": text})
    assert meter.reserve_used


def test_ordinary_patterns_on_ordinary_text_spend_little() -> None:
    pattern = (r"'\\b(\\d{3})[-. ]?(\\d{4})\\b|([a-z0-9._%+-]+)@((?:[a-z0-9-]+\\.)+[a-z]{2,})"
               r"|https?://[^\\s/]+(/\\S*)?|\\b(?:yes|no|maybe)\\b'")
    assert len(pattern) > 100
    text = "call me at 555-1234 or write to ada@example.com. " * 210
    assert len(text) >= 10_000
    for source in (f"RegExp({pattern}, 'i').test(text)", f"text.replace(RegExp({pattern}, 'gi'), '#')",
                   f"text.match(RegExp({pattern}, 'gi'))", "text.split(RegExp('[ .]+'))"):
        assert spent(source, {"text": text}) < DEFAULT_BUDGET.max_work / 10  # type: ignore[operator]


def test_a_pattern_that_compiles_slowly_is_refused() -> None:
    expression = compile_expression("RegExp('(' + '[a-z]{1,50}|'.repeat(600) + 'b)*c', 'i')")
    with pytest.raises(ExpressionRuntimeError, match="too large"):
        expression.evaluate({})


def test_grammar_sized_patterns_that_compile_slowly_are_refused() -> None:
    with pytest.raises(UnsupportedPattern, match="too large"):
        compile_linear("(?i)" + "[a-z]{1,1000}" * 38)
