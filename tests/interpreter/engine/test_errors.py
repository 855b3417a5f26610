from __future__ import annotations

import pytest

from interpreter.engine.effects import ErrorRaised
from interpreter.engine.errors import SessionStateError, UnexpectedEventError
from interpreter.engine.events import HttpResponse, Input
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

VARS = {"order": {"type": "object", "default": None}, "x": {"type": "any", "default": None},
        "where": {"type": "string", "default": ""}}


def erroring_flow(with_error_port: bool) -> dict:
    blocks = {
        "calc": {"type": "assign", "props": {"assignments": [
            {"variable": "x", "expression": "order.total"}]},
            "next": {"error": "oops"} if with_error_port else {}},
        "oops": {"type": "assign", "props": {"assignments": [
            {"variable": "where", "expression": "system.LastError.block + ':' + "
                                                 "system.LastError.message"}]}},
        "wrap": {"type": "milestone", "props": {"name": "wrapped"}},
    }
    return flow_document(blocks, variables=VARS,
                         phases={"self_service": "calc", "finalize": "wrap"})


@pytest.mark.parametrize("channel", CHANNELS)
def test_error_port_and_last_error(channel: str) -> None:
    driver = Driver(erroring_flow(True), channel)
    driver.start()
    error = next(e for e in driver.effects if isinstance(e, ErrorRaised))
    assert error.handled and error.type == "TypeError"
    assert driver.variable("where").startswith("calc:")
    assert "undefined" in driver.variable("where") or "null" in driver.variable("where")
    assert driver.path == ["calc", "oops", "wrap"]
    assert driver.state["end_reason"] == "completed"


@pytest.mark.parametrize("channel", CHANNELS)
def test_unhandled_error_goes_to_finalize_with_reason_error(channel: str) -> None:
    driver = Driver(erroring_flow(False), channel)
    driver.start()
    assert driver.ended
    assert driver.state["end_reason"] == "error"
    assert driver.path == ["calc", "wrap"]
    assert driver.state["system"]["LastError"]["type"] == "TypeError"


def test_step_limit_stops_a_spinning_loop() -> None:
    document = flow_document({
        "a": {"type": "assign", "props": {"assignments": [{"variable": "x",
                                                           "expression": "1"}]},
              "next": {"next": "b"}},
        "b": {"type": "assign", "props": {"assignments": [{"variable": "x",
                                                           "expression": "2"}]},
              "next": {"next": "a"}},
    }, variables=VARS)
    driver = Driver(document, "chat", step_limit=50)
    driver.start()
    assert driver.ended and driver.state["end_reason"] == "error"
    error = next(e for e in driver.effects if isinstance(e, ErrorRaised))
    assert error.type == "StepLimit" and "50 blocks" in error.message


def test_unexpected_event_is_refused_clearly() -> None:
    document = flow_document({"ask": {"type": "menu", "props": {
        "prompts": [{"tts": "?"}], "options": [{"key": "1"}]}}})
    driver = Driver(document, "voice")
    driver.start()
    with pytest.raises(UnexpectedEventError, match="waits for caller input"):
        driver.send(HttpResponse(200))


def test_resuming_an_ended_session_is_refused() -> None:
    document = flow_document({"hi": {"type": "play_message", "props": {"prompts": [{"tts": "x"}]}}})
    driver = Driver(document, "chat")
    driver.start()
    with pytest.raises(SessionStateError, match="ended"):
        driver.send(Input("text", "hello"))


@pytest.mark.parametrize("corrupt", [
    {"state_version": 99}, {"system": "nope"}, {"block": "nowhere"}, {"phase": "lunch"},
    {"vars": []},
])
def test_corrupt_state_is_refused(corrupt: dict) -> None:
    document = flow_document({"ask": {"type": "menu", "props": {
        "prompts": [{"tts": "?"}], "options": [{"key": "1"}]}}})
    driver = Driver(document, "voice")
    driver.start()
    driver.state.update(corrupt)
    with pytest.raises(SessionStateError):
        driver.send(Input("dtmf", "1"))


def test_state_of_another_flow_is_refused() -> None:
    document = flow_document({"ask": {"type": "menu", "props": {
        "prompts": [{"tts": "?"}], "options": [{"key": "1"}]}}})
    driver = Driver(document, "voice")
    driver.start()
    driver.state["system"]["FlowID"] = "other"
    with pytest.raises(SessionStateError, match="belongs to flow 'other'"):
        driver.send(Input("dtmf", "1"))
