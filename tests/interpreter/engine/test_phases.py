from __future__ import annotations

import pytest

from interpreter.engine.events import Hangup, Input
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

PHASED = flow_document(
    {
        "init": {"type": "assign", "props": {"assignments": [
            {"variable": "log", "expression": "'i'"}]}, "next": {}},
        "hello": {"type": "play_message", "props": {"prompts": [{"tts": "Hi {{ log }}"}]},
                  "next": {"next": "ask"}},
        "ask": {"type": "menu", "props": {"prompts": [{"tts": "Press 1"}],
                                          "options": [{"key": "1", "label": "One"}]},
                "next": {"1": "bye"}},
        "bye": {"type": "terminate", "props": {"reason": "done"}},
        "agent": {"type": "route", "props": {"target": {"type": "queue", "value": "sales"}}},
        "wrap": {"type": "assign", "props": {"assignments": [
            {"variable": "log", "expression": "log + 'f'"}]}},
    },
    phases={"initialize": "init", "self_service": "hello", "assisted_service": "agent",
            "finalize": "wrap"},
    variables={"log": {"type": "string", "default": ""}},
)


@pytest.mark.parametrize("channel", CHANNELS)
def test_phases_run_in_order_and_terminate_runs_finalize(channel: str) -> None:
    driver = Driver(PHASED, channel)
    step = driver.start()
    assert driver.kinds(step) == ["say", "collect"]
    assert driver.said()[0] == "Hi i"
    step = driver.send(Input("dtmf" if channel == "voice" else "text", "1"))
    assert driver.kinds(step) == ["disconnect", "end"]
    assert driver.ended
    assert driver.state["end_reason"] == "done"
    assert driver.variable("log") == "if"
    assert driver.path == ["init", "hello", "ask", "bye", "wrap"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_falling_off_self_service_enters_assisted_service(channel: str) -> None:
    driver = Driver(PHASED, channel)
    driver.start()
    driver.send(Input("noinput"))
    driver.send(Input("noinput"))
    step = driver.send(Input("noinput"))
    assert driver.kinds(step)[-1] == "route"
    assert driver.state["phase"] == "assisted_service"


@pytest.mark.parametrize("channel", CHANNELS)
def test_hangup_jumps_to_finalize(channel: str) -> None:
    driver = Driver(PHASED, channel)
    driver.start()
    step = driver.send(Hangup())
    assert driver.kinds(step) == ["end"]
    assert driver.state["end_reason"] == "hangup"
    assert driver.variable("log") == "if"


def test_flow_without_finalize_ends_when_self_service_ends() -> None:
    document = flow_document({"hi": {"type": "play_message",
                                     "props": {"prompts": [{"tts": "Bye"}]}}})
    driver = Driver(document, "chat")
    step = driver.start()
    assert driver.kinds(step) == ["say", "end"]
    assert driver.state["end_reason"] == "completed"


def test_analytics_events_for_blocks_and_ports() -> None:
    driver = Driver(PHASED, "voice")
    driver.start()
    kinds = [(e.kind, e.block, (e.data or {}).get("port")) for e in driver.events]
    assert kinds[0] == ("session_start", None, None)
    assert ("block_entered", "init", None) in kinds
    assert ("port_taken", "init", "next") in kinds
    assert ("port_taken", "hello", "next") in kinds
    seqs = [e.seq for e in driver.events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
