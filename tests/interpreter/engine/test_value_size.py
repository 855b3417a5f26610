"""What a session stores is measured as JSON writes it, shared parts counted every time.

`x = [x, x]` in a loop is cheap to build (each step makes a two-element array of the previous
one) but 2^n elements to save; the engine measures every stored value (and, now and then, the
whole state) against the turn budget's size limits, so such a flow takes the block's error
port and its saved state stays small.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from interpreter.engine.engine import Engine
from interpreter.engine.events import Input
from interpreter.engine.state import _STORED, StoredSizes, store, stored_size
from interpreter.expressions.budget import (
    DEFAULT_BUDGET,
    UNLIMITED_BUDGET,
    TurnBudget,
    TurnLimitExceeded,
    metered_turn,
)
from runtime.turn_budget import turn_budget_from_env
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document


def doubling_flow(build: str, rounds: int) -> dict[str, Any]:
    """`grow` sets x to `build` (made of x) `rounds` times; its error port goes to `sorry`."""
    return flow_document(
        {
            "grow": {"type": "assign", "props": {"assignments": [
                {"variable": "x", "expression": build},
                {"variable": "i", "expression": "i + 1"}]},
                "next": {"next": "more", "error": "sorry"}},
            "more": {"type": "segmentation", "props": {"conditions": [
                {"name": "again", "expression": f"i < {rounds}"}]},
                "next": {"again": "grow", "default": "done"}},
            "done": {"type": "assign", "props": {"assignments": [
                {"variable": "finished", "expression": "true"}]}},
            "sorry": {"type": "assign", "props": {"assignments": [
                {"variable": "error", "expression": "system.LastError"},
                {"variable": "kept", "expression": "Array.isArray(x) ? x.length : 0"},
                {"variable": "x", "expression": "0"}]}},
        },
        variables={"x": {"type": "any", "default": 1}, "i": {"type": "number", "default": 0},
                   "error": {"type": "any", "default": None},
                   "kept": {"type": "number", "default": 0},
                   "finished": {"type": "boolean", "default": False}},
    )


def driver_with(document: dict[str, Any], channel: str, budget: TurnBudget) -> Driver:
    driver = Driver(document, channel)
    driver.engine = Engine(modules=driver.engine.modules, budget=budget)
    return driver


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("build", ["[x, x]", "({a: x, b: x})"])
def test_a_value_doubled_in_a_loop_takes_the_error_port(channel: str, build: str) -> None:
    driver = driver_with(doubling_flow(build, 23), channel, DEFAULT_BUDGET)
    driver.start()
    assert driver.ended
    assert driver.variable("finished") is False
    error = driver.variable("error")
    assert error["type"] == "LimitExceeded"
    assert error["block"] == "grow"
    assert "'x'" in error["message"]
    assert "limit of 1,000,000 elements and characters one variable may hold" in error["message"]
    # the loop stopped when x would have passed a million parts
    assert 15 < driver.variable("i") < 22
    assert len(json.dumps(driver.state)) < 10_000


def test_the_size_limits_are_the_turn_budget_s() -> None:
    small = TurnBudget(max_value_size=1_000, max_state_size=None)
    driver = driver_with(doubling_flow("[x, x]", 23), "chat", small)
    driver.start()
    assert driver.variable("error")["message"].endswith(
        "limit of 1,000 elements and characters one variable may hold")
    # after i rounds x is 2^i ones in 2^i - 1 arrays: round 9 (1,023 parts) does not fit, and
    # x keeps what round 8 made
    assert driver.variable("i") == 8
    assert driver.variable("kept") == 2

    for budget in (UNLIMITED_BUDGET, TurnBudget(max_value_size=None, max_state_size=None)):
        free = driver_with(doubling_flow("[x, x]", 12), "chat", budget)
        free.start()
        assert free.variable("finished") is True
        assert free.variable("error") is None


def test_hosts_read_the_size_limits_from_the_environment() -> None:
    assert turn_budget_from_env({}).max_value_size == 1_000_000
    assert turn_budget_from_env({}).max_state_size == 2_000_000
    budget = turn_budget_from_env({"FLOW_MAX_VALUE_SIZE": "5_000",
                                   "FLOW_MAX_STATE_SIZE": "unlimited"})
    assert budget.max_value_size == 5_000
    assert budget.max_state_size is None
    with pytest.raises(ValueError, match="FLOW_MAX_STATE_SIZE must be a positive number"):
        turn_budget_from_env({"FLOW_MAX_STATE_SIZE": "-3"})


def sharing_flow(names: list[str]) -> dict[str, Any]:
    """One long string stored in many variables: each is small enough, all together not."""
    assignments = [{"variable": "s", "expression": "'x'.repeat(600000)"}]
    assignments += [{"variable": name, "expression": "s"} for name in names]
    return flow_document(
        {
            "share": {"type": "assign", "props": {"assignments": assignments},
                      "next": {"next": "done", "error": "sorry"}},
            "done": {"type": "assign", "props": {"assignments": [
                {"variable": "finished", "expression": "true"}]}},
            "sorry": {"type": "assign", "props": {"assignments": [
                {"variable": "error", "expression": "system.LastError"},
                {"variable": "s", "expression": "''"}]}},
        },
        variables={"s": {"type": "string", "default": ""},
                   **{name: {"type": "string", "default": ""} for name in names},
                   "error": {"type": "any", "default": None},
                   "finished": {"type": "boolean", "default": False}},
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_one_value_stored_in_many_variables_counts_in_each(channel: str) -> None:
    driver = driver_with(sharing_flow(["a", "b", "c", "d"]), channel, DEFAULT_BUDGET)
    driver.start()
    error = driver.variable("error")
    assert error["type"] == "LimitExceeded"
    assert error["message"] == ("storing 'c' would take the session past the limit of "
                                "2,000,000 elements and characters it may store in all")
    # the variable that would have passed the limit was not set
    assert driver.variable("c") == ""
    assert len(driver.variable("a")) == 600_000
    assert driver.variable("finished") is False


def test_the_whole_state_counts_across_turns() -> None:
    document = flow_document(
        {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "more?"}], "variable": "v",
                                               "grammar": {"regex": ".*"}},
                    "next": {"next": "keep"}},
            "keep": {"type": "assign", "props": {"assignments": [
                {"variable": "log", "expression": "log.concat([v.repeat(5000)])"}]},
                "next": {"next": "ask", "error": "sorry"}},
            "sorry": {"type": "play_message", "props": {"prompts": [
                {"tts": "{{ system.LastError.type }}: {{ system.LastError.message }}"}]}},
        },
        variables={"v": {"type": "string", "default": ""},
                   "log": {"type": "any", "default": []}},
    )
    driver = driver_with(document, "chat", TurnBudget(max_state_size=200_000))
    driver.start()
    for _ in range(60):
        driver.send(Input("text", "abcd"))
        if driver.ended:
            break
    assert driver.ended
    assert driver.said()[-1] == ("LimitExceeded: storing 'log' would take the session past the "
                                 "limit of 200,000 elements and characters it may store in all")
    assert len(json.dumps(driver.state)) < 260_000


def test_attached_data_is_measured_too() -> None:
    document = flow_document(
        {
            "grow": {"type": "assign", "props": {"assignments": [
                {"variable": "x", "expression": "[x, x, x, x]"}]},
                "next": {"next": "attach"}},
            "attach": {"type": "set_data", "props": {"data": {"tree": "[x, x, x, x]"}}},
        },
        variables={"x": {"type": "any", "default": "abcdefgh"}},
    )
    driver = driver_with(document, "chat", TurnBudget(max_value_size=100))
    driver.start()
    assert driver.ended
    assert driver.state["system"]["LastError"]["type"] == "LimitExceeded"
    assert "'tree'" in driver.state["system"]["LastError"]["message"]
    assert "tree" not in driver.state["data"]


def test_module_inputs_are_measured_before_the_module_runs() -> None:
    module = flow_document(
        {"back": {"type": "return", "props": {"outputs": {"out": "1"}}}},
        id="keeper", kind="module", inputs=["given"], outputs=["out"],
        variables={"given": {"type": "any"}, "out": {"type": "any"}})
    caller = flow_document(
        {
            "call": {"type": "module", "props": {"module": "keeper@1",
                                                 "inputs": {"given": "[x, x, x, x, x, x]"},
                                                 "outputs": {}},
                     "next": {"next": "fine", "error": "sorry"}},
            "fine": {"type": "play_message", "props": {"prompts": [{"tts": "fine"}]}},
            "sorry": {"type": "play_message", "props": {"prompts": [
                {"tts": "{{ system.LastError.message }}"}]}},
        },
        variables={"x": {"type": "any", "default": "0123456789"}})
    driver = Driver(caller, "chat", modules={"keeper": module})
    driver.engine = Engine(modules=driver.engine.modules, budget=TurnBudget(max_value_size=50))
    driver.start()
    assert driver.said() == ["the value for 'given' is larger than the limit of 50 elements and "
                             "characters one variable may hold"]


def test_stored_size_counts_shared_parts_each_time_and_stops_at_the_limit() -> None:
    assert stored_size("abc", 100) == (4, 1)
    assert stored_size({"ab": [1, "cd"]}, 100)[0] == 1 + 2 + 1 + 1 + 3
    value: Any = 1
    for _ in range(60):
        value = [value, value]
    size, walked = stored_size(value, 10_000)
    assert 10_000 < size < 10_100
    assert walked < 10_100


def test_measuring_is_charged_to_the_turn() -> None:
    big = [[index, str(index)] for index in range(10_000)]
    with metered_turn(TurnBudget(max_work=10**9, max_time_ms=None)) as meter:
        token = _STORED.set(StoredSizes(None, 1_000_000, None))
        try:
            scope: dict[str, Any] = {}
            store(scope, "big", big)
        finally:
            _STORED.reset(token)
        assert scope["big"] is big
        assert 10**9 - meter.work_left >= 30_000 * 50


def test_outside_a_turn_nothing_is_measured() -> None:
    scope: dict[str, Any] = {}
    store(scope, "x", "y" * 10)
    assert scope == {"x": "yyyyyyyyyy"}
    with pytest.raises(TurnLimitExceeded):
        StoredSizes(None, 5, None).store(scope, "x", "y" * 10)
    assert scope == {"x": "yyyyyyyyyy"}


def test_a_module_run_on_its_own_fails_when_its_output_is_too_large() -> None:
    module = flow_document(
        {"back": {"type": "return", "props": {"outputs": {"out": "[x, x, x, x, x, x]"}}}},
        id="keeper", kind="module", outputs=["out"],
        variables={"x": {"type": "any", "default": "0123456789"}, "out": {"type": "any"}})
    driver = driver_with(module, "chat", TurnBudget(max_value_size=50))
    driver.start()
    assert driver.ended and driver.state["end_reason"] == "error"
    assert driver.state["system"]["LastError"]["type"] == "LimitExceeded"
    assert driver.variable("out") is None


@pytest.mark.parametrize("character", ["String.fromCharCode(1)", "'\\u00e9'", "'\\ud83d\\ude00'"])
def test_characters_count_as_json_writes_them(character: str) -> None:
    """A control character is six characters of JSON (an accented letter too, an emoji
    twelve), so 300,000 of them are over the one-value limit though the string is 300,000
    long: what a host saves is bounded in what it writes, not in characters."""
    document = flow_document(
        {"fill": {"type": "assign", "props": {"assignments": [
            {"variable": "x", "expression": f"{character}.repeat(300000)"}]},
            "next": {"next": "done", "error": "sorry"}},
         "done": {"type": "assign", "props": {"assignments": [
             {"variable": "stored", "expression": "true"}]}},
         "sorry": {"type": "assign", "props": {"assignments": [
             {"variable": "error", "expression": "system.LastError.type"}]}}},
        variables={"x": {"type": "any", "default": ""}, "error": {"type": "any", "default": None},
                   "stored": {"type": "boolean", "default": False}})
    driver = driver_with(document, "chat", DEFAULT_BUDGET)
    driver.start()
    assert driver.variable("error") == "LimitExceeded"
    assert driver.variable("stored") is False
    assert len(json.dumps(driver.state)) < 10_000


def test_plain_text_counts_its_length() -> None:
    assert stored_size("a plain sentence", 100)[0] == 1 + len("a plain sentence")
    assert stored_size(['say "hi"'], 100)[0] == 2 + len('say "hi"') + 2
