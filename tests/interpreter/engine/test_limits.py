"""Session limits: a flow that loops through waits ends, and its finalize phase runs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interpreter.engine.engine import Engine
from interpreter.engine.events import Hangup, Input
from interpreter.engine.limits import SessionLimits
from interpreter.host import StaticHost
from tests.interpreter.engine.harness import CHANNELS, FIXED_NOW, Driver, flow_document

SELF_LOOP = flow_document(
    {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Your number?"}],
                                           "variable": "number", "grammar": "digits",
                                           "retries": 0},
                "next": {"next": "thanks", "noinput": "ask", "nomatch": "ask"}},
        "thanks": {"type": "play_message", "props": {"prompts": [{"tts": "Thanks"}]}},
        "wrap": {"type": "assign", "props": {"assignments": [
            {"variable": "finalized", "expression": "true"}]}},
    },
    phases={"self_service": "ask", "finalize": "wrap"},
    variables={"number": {"type": "string", "default": None},
               "finalized": {"type": "boolean", "default": False}},
)


def driver_with(channel: str, limits: SessionLimits, host: StaticHost | None = None) -> Driver:
    driver = Driver(SELF_LOOP, channel, host=host)
    driver.engine = Engine(limits=limits)
    return driver


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_noinput_self_loop_ends_after_the_wait_limit_and_runs_finalize(channel: str) -> None:
    driver = driver_with(channel, SessionLimits(max_waits_per_block=3))
    driver.start()
    driver.send(Input("noinput"))
    driver.send(Input("noinput"))
    assert not driver.ended and driver.state["waits"] == {"ask": 3}
    step = driver.send(Input("noinput"))
    assert driver.ended
    assert driver.state["end_reason"] == "max_waits"
    assert driver.variable("finalized") is True
    assert driver.kinds(step) == ["disconnect", "end"]
    assert next(e.data for e in step.events if e.kind == "limit")["limit"] == "max_waits"


@pytest.mark.parametrize("channel", CHANNELS)
def test_answers_within_the_limit_are_not_affected(channel: str) -> None:
    driver = driver_with(channel, SessionLimits(max_waits_per_block=3))
    driver.start()
    driver.send(Input("noinput"))
    driver.send(Input("noinput"))
    driver.send(Input("dtmf" if channel == "voice" else "text", "42"))
    assert driver.ended and driver.state["end_reason"] == "completed"
    assert driver.said()[-1] == "Thanks"


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_session_past_its_maximum_duration_ends_on_the_next_event(channel: str) -> None:
    host = StaticHost(clock=FIXED_NOW, seed="test")
    driver = driver_with(channel, SessionLimits(max_duration_s=60), host)
    driver.start()
    host.clock = FIXED_NOW + timedelta(seconds=59)
    driver.send(Input("noinput"))
    assert not driver.ended
    host.clock = FIXED_NOW + timedelta(seconds=61)
    step = driver.send(Input("dtmf" if channel == "voice" else "text", "42"))
    assert driver.ended and driver.state["end_reason"] == "max_duration"
    assert driver.variable("finalized") is True
    assert driver.variable("number") is None
    assert driver.kinds(step) == ["disconnect", "end"]


def test_hangup_after_the_limit_still_reports_hangup() -> None:
    host = StaticHost(clock=FIXED_NOW, seed="test")
    driver = driver_with("voice", SessionLimits(max_duration_s=60), host)
    driver.start()
    host.clock = FIXED_NOW + timedelta(hours=1)
    driver.send(Hangup())
    assert driver.state["end_reason"] == "hangup" and driver.variable("finalized") is True


def test_the_defaults_are_four_hours_and_fifty_waits() -> None:
    host = StaticHost(clock=FIXED_NOW, seed="test")
    driver = Driver(SELF_LOOP, "chat", host=host)
    driver.start()
    for _ in range(49):
        driver.send(Input("noinput"))
    assert not driver.ended
    driver.send(Input("noinput"))
    assert driver.state["end_reason"] == "max_waits"
    again = Driver(SELF_LOOP, "chat", host=host)
    again.start()
    host.clock = FIXED_NOW + timedelta(hours=4)
    again.send(Input("noinput"))
    assert again.state["end_reason"] == "max_duration"


def test_a_state_saved_without_counters_starts_counting_when_resumed() -> None:
    driver = driver_with("chat", SessionLimits(max_waits_per_block=2))
    driver.start()
    del driver.state["waits"], driver.state["started_at"]
    driver.send(Input("noinput"))
    assert driver.state["waits"] == {"ask": 1}


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_waits_per_block"):
        SessionLimits(max_waits_per_block=0)
