"""`route` results that take the `failed` port say why in `system.LastError`: a closed queue
(`QueueClosed`, with the runtime's detail when it gives one) or any other failure
(`RouteFailed`)."""

from __future__ import annotations

import pytest

from interpreter.engine.effects import Say
from interpreter.engine.events import RouteResult
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

CLOSED_FLOW = flow_document(
    {
        "hello": {"type": "milestone", "props": {"name": "hi"}},
        "queue": {"type": "route", "props": {"target": {"type": "queue", "value": "care"}},
                  "next": {"failed": "sorry"}},
        "sorry": {"type": "play_message", "props": {"prompts": [
            {"tts": "{{ system.LastError.type }}: {{ system.LastError.message }}"}]}},
    },
    phases={"self_service": "hello", "assisted_service": "queue"})


def _said(result: RouteResult, channel: str) -> list[str]:
    driver = Driver(CLOSED_FLOW, channel)
    driver.start()
    step = driver.send(result)
    assert driver.path[-1] == "sorry"
    return [effect.text for effect in step.effects if isinstance(effect, Say)]


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_closed_queue_takes_failed_and_says_so(channel: str) -> None:
    assert _said(RouteResult("closed"), channel) == ["QueueClosed: the queue is closed"]


def test_the_runtime_detail_of_a_closed_queue_is_the_message() -> None:
    said = _said(RouteResult("closed", detail="the queue 'care' is closed"), "chat")
    assert said == ["QueueClosed: the queue 'care' is closed"]


@pytest.mark.parametrize("status", ["failed", "timeout"])
def test_other_failures_say_the_result(status: str) -> None:
    assert _said(RouteResult(status), "voice") == [f"RouteFailed: route {status}"]
