"""Costly operations charge the turn meter in proportion to the size they touch."""

from __future__ import annotations

import time

import pytest

from interpreter.expressions import compile_expression, compile_template
from interpreter.expressions.budget import (
    FREE_UNITS,
    TurnBudget,
    TurnLimitExceeded,
    charge,
    metered_turn,
)

SCOPE = {"s": "x" * 100_000, "words": ["ab"] * 10_000, "json": "[" + ",".join(["1"] * 10_000) + "]"}

COSTLY = [
    "s.repeat(3)", "s.replaceAll('x', 'y')", "s.replaceAll('x', '$&')", "s.replace('x', 'y')",
    "s.split('')", "s.split('x')", "words.join(',')", "s + s", "s.concat(s)", "s.padEnd(200000)",
    "s.slice(1)", "s.substring(1)", "s.indexOf('q')", "s.includes('q')", "s.toUpperCase()",
    "JSON.stringify(words)", "JSON.parse(json)", "String(words)", "words.concat(words)",
    "words.slice(1)", "words.indexOf('q')", "words.includes('q')", "encodeURIComponent(s)",
    "Object.keys(words)", "parseInt(s)",
]


def spent(source: str) -> float:
    budget = TurnBudget(max_work=10**12, max_time_ms=None)
    with metered_turn(budget) as meter:
        compile_expression(source).evaluate(SCOPE)
        return 10**12 - meter.work_left


@pytest.mark.parametrize("source", COSTLY)
def test_each_costly_operation_charges_at_least_the_size_it_touches(source: str) -> None:
    assert spent(source) >= 10_000


@pytest.mark.parametrize("source", ["1 + 2", "'a' + 'b'", "s.length", "s.charAt(5)",
                                    "words[3]", "'abc'.slice(1)"])
def test_cheap_operations_charge_nothing(source: str) -> None:
    assert spent(source) == 0


def test_templates_charge_what_they_build() -> None:
    budget = TurnBudget(max_work=10**9, max_time_ms=None)
    with metered_turn(budget) as meter:
        compile_template("{{ s }}{{ s }}").render(SCOPE)
        assert 10**9 - meter.work_left >= 200_000


def test_the_error_names_the_limit_and_the_expression() -> None:
    with metered_turn(TurnBudget(max_work=100_000)), pytest.raises(TurnLimitExceeded) as raised:
        compile_expression("s.repeat(5)").evaluate(SCOPE)
    assert raised.value.kind == "LimitExceeded" and raised.value.limit == "work"
    assert str(raised.value) == ("LimitExceeded: the turn's work limit of 100,000 units was "
                                 "exceeded while evaluating s.repeat(5)")


def test_the_error_path_gets_a_reserve_once() -> None:
    with metered_turn(TurnBudget(max_work=1_000_000)) as meter:
        with pytest.raises(TurnLimitExceeded):
            charge(2_000_000)
        charge(50_000)
        with pytest.raises(TurnLimitExceeded):
            charge(60_000)
        with pytest.raises(TurnLimitExceeded):
            charge(FREE_UNITS)
        assert meter.work_left < 0


def test_the_time_limit_is_checked_when_work_is_charged() -> None:
    ticks = iter([0.0, 0.5, 2.0, 2.0, 2.0])
    with metered_turn(TurnBudget(max_work=None, max_time_ms=1000,
                                 clock=lambda: next(ticks), cpu_clock=None)):
        charge(FREE_UNITS)
        with pytest.raises(TurnLimitExceeded) as raised:
            charge(FREE_UNITS)
    assert raised.value.limit == "time"


def test_outside_a_turn_nothing_is_counted() -> None:
    charge(10**15)


def test_the_default_clock_counts_the_turns_cpu_not_time_spent_waiting_for_a_core() -> None:
    """A turn's thread left waiting (a starved machine, another thread holding the GIL) is not
    pushed over its time limit; spending the CPU itself is."""
    budget = TurnBudget(max_work=None, max_time_ms=100)
    with metered_turn(budget) as waiting:
        time.sleep(0.25)  # descheduled, as on a machine whose cores are all taken
        assert not waiting.out_of_time()
    with metered_turn(budget) as spinning:
        deadline = time.thread_time() + 0.15
        while time.thread_time() < deadline:
            pass
        assert spinning.out_of_time()
