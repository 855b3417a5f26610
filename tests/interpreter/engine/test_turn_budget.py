"""The turn budget: costly expressions and long turns fail the current block, on both channels."""

from __future__ import annotations

import time
from typing import Any

import pytest

from interpreter.engine.engine import Engine
from interpreter.engine.events import Input
from interpreter.expressions.budget import UNLIMITED_BUDGET, TurnBudget
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

COSTLY = "'x'.repeat(999999).replaceAll('x','y')"


def looping_flow(expression: str, *, error_port: bool = True) -> dict[str, Any]:
    """`work` evaluates `expression` and loops to itself; its error port goes to `sorry`."""
    work_ports: dict[str, str] = {"next": "work"}
    if error_port:
        work_ports["error"] = "sorry"
    return flow_document(
        {
            "work": {"type": "assign", "props": {"assignments": [
                {"variable": "s", "expression": expression},
                {"variable": "rounds", "expression": "rounds + 1"}]},
                "next": work_ports},
            "sorry": {"type": "assign", "props": {"assignments": [
                {"variable": "s", "expression": "''"},
                {"variable": "handled", "expression": "system.LastError.type"}]}},
        },
        variables={"s": {"type": "string", "default": ""},
                   "rounds": {"type": "number", "default": 0},
                   "handled": {"type": "string", "default": None}},
    )


def driver_with(document: dict[str, Any], channel: str, budget: TurnBudget) -> Driver:
    driver = Driver(document, channel)
    driver.engine = Engine(modules=driver.engine.modules, budget=budget)
    return driver


def last_error(driver: Driver) -> dict[str, Any]:
    error: dict[str, Any] = driver.state["system"]["LastError"]
    return error


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_loop_of_costly_expressions_takes_the_error_port_quickly(channel: str) -> None:
    driver = driver_with(looping_flow(COSTLY), channel, TurnBudget())
    started = time.process_time()
    driver.start()
    assert time.process_time() - started < 1.5
    assert driver.ended
    assert driver.variable("handled") == "LimitExceeded"
    assert 10 < driver.variable("rounds") < 1000
    error = last_error(driver)
    assert error["block"] == "work"
    assert error["type"] == "LimitExceeded"
    assert "work limit of 200,000,000 units" in error["message"]
    assert COSTLY in error["message"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_work_limit_is_configurable_by_the_host(channel: str) -> None:
    driver = driver_with(looping_flow(COSTLY), channel, TurnBudget(max_work=5_000_000))
    driver.start()
    assert driver.variable("handled") == "LimitExceeded"
    assert driver.variable("rounds") == 1
    assert "work limit of 5,000,000 units" in last_error(driver)["message"]


class SteppingClock:
    """A monotonic clock that advances 50 ms every time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.05
        return self.now


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_turn_past_its_time_limit_fails_the_block_about_to_run(channel: str) -> None:
    budget = TurnBudget(max_work=None, max_time_ms=1000, clock=SteppingClock(), cpu_clock=None)
    driver = driver_with(looping_flow("'cheap'"), channel, budget)
    driver.start()
    assert driver.variable("handled") == "LimitExceeded"
    assert 10 <= driver.variable("rounds") <= 25
    error = last_error(driver)
    assert error["block"] == "work"
    assert "time limit of 1000 ms" in error["message"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_without_an_error_port_the_limit_ends_the_session_with_an_error(channel: str) -> None:
    driver = driver_with(looping_flow(COSTLY, error_port=False), channel,
                         TurnBudget(max_work=5_000_000))
    step = driver.start()
    assert driver.ended and driver.state["end_reason"] == "error"
    assert [e.kind for e in step.effects if e.kind == "error"] == ["error"]
    assert last_error(driver)["type"] == "LimitExceeded"


def test_each_turn_gets_a_fresh_budget() -> None:
    document = flow_document(
        {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "Number?"}],
                                               "variable": "answer", "grammar": "digits",
                                               "retries": 0},
                    "next": {"next": "work", "noinput": "work", "nomatch": "work"}},
            "work": {"type": "assign", "props": {"assignments": [
                {"variable": "s", "expression": COSTLY}]},
                "next": {"next": "ask", "error": "ask"}},
        },
        variables={"s": {"type": "string", "default": ""},
                   "answer": {"type": "string", "default": None}},
    )
    driver = driver_with(document, "voice", TurnBudget(max_work=4_000_000))
    driver.start()
    for _ in range(3):
        driver.send(Input("noinput"))
        assert driver.state["system"]["LastError"] is None
        assert len(driver.variable("s")) == 999_999


def test_an_unlimited_budget_runs_until_the_step_limit() -> None:
    driver = driver_with(looping_flow("'y'.repeat(1000)"), "chat", UNLIMITED_BUDGET)
    driver.start()
    assert last_error(driver)["type"] == "StepLimit"
