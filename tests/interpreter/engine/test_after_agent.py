"""`route` with computed target, skills and priority, and the `after_agent` port of `route`
and `transfer`: the agent hangs up first and the customer goes on (a survey) or finalize runs."""

from __future__ import annotations

import pytest

from interpreter.engine.effects import Route, Say, Transfer
from interpreter.engine.events import Input, RouteResult, TransferResult
from interpreter.problems import FlowFormatError
from tests.interpreter.engine.harness import CHANNELS, Driver, compile_document, flow_document

ROUTED = flow_document(
    {
        "lookup": {"type": "assign", "props": {"assignments": [
            {"variable": "Customer", "expression": "({vip: true, queue: 'gold', lang: 'en'})"}]}},
        "queue": {"type": "route", "props": {
            "target": "Customer.queue",
            "skills": "Customer.vip ? ({billing: 3, [Customer.lang]: 1}) : ['general']",
            "priority": "Customer.vip ? 90 : 10"},
            "next": {"failed": "sorry", "after_agent": "survey"}},
        "survey": {"type": "play_message", "props": {"prompts": [{"tts": "How did we do?"}]}},
        "sorry": {"type": "milestone", "props": {"name": "sorry"}},
        "wrap": {"type": "milestone", "props": {"name": "wrap"}},
    },
    phases={"self_service": "lookup", "assisted_service": "queue", "finalize": "wrap"},
    variables={"Customer": {"type": "object"}})


def _routed(document: dict[str, object], channel: str) -> tuple[Driver, Route]:
    driver = Driver(document, channel)
    step = driver.start()
    route = step.effects[-1]
    assert isinstance(route, Route)
    return driver, route


@pytest.mark.parametrize("channel", CHANNELS)
def test_route_target_skills_and_priority_are_expressions(channel: str) -> None:
    _, route = _routed(ROUTED, channel)
    assert (route.target_type, route.target, route.skills, route.priority) == (
        "queue", "gold", ("billing:3", "en:1"), 90)


@pytest.mark.parametrize("channel", CHANNELS)
def test_agent_hangup_continues_at_after_agent(channel: str) -> None:
    driver, _ = _routed(ROUTED, channel)
    step = driver.send(RouteResult("agent_hangup", agent="ann"))
    assert any(isinstance(e, Say) for e in step.effects)
    assert driver.path[-2:] == ["survey", "wrap"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_agent_hangup_without_after_agent_goes_to_finalize(channel: str) -> None:
    blocks = dict(ROUTED["blocks"])  # type: ignore[call-overload]
    blocks["queue"] = {**blocks["queue"], "next": {"failed": "sorry"}}
    driver, _ = _routed({**ROUTED, "blocks": blocks}, channel)
    driver.send(RouteResult("agent_hangup", agent="ann"))
    assert driver.ended and driver.state["end_reason"] == "routed"
    assert driver.path[-1] == "wrap" and "survey" not in driver.path


def test_success_still_goes_to_finalize_with_after_agent_connected() -> None:
    driver, _ = _routed(ROUTED, "chat")
    driver.send(RouteResult("success", agent="ann"))
    assert driver.ended and "survey" not in driver.path


def test_a_bad_priority_expression_fails_the_block_clearly() -> None:
    blocks = dict(ROUTED["blocks"])  # type: ignore[call-overload]
    blocks["queue"] = {**blocks["queue"], "props": {"target": "'q'", "priority": "'high'"}}
    driver = Driver({**ROUTED, "blocks": blocks}, "chat")
    driver.start()
    assert driver.ended and driver.state["end_reason"] == "error"
    assert driver.state["system"]["LastError"]["type"] == "RouteError"


def _single_route(props: dict[str, object]) -> dict[str, object]:
    return flow_document({"hello": {"type": "milestone", "props": {"name": "hi"}},
                          "q": {"type": "route", "props": props}},
                         phases={"self_service": "hello", "assisted_service": "q"})


def test_fixed_values_stay_valid_and_wrong_types_are_refused() -> None:
    fixed = {"target": {"type": "queue", "value": "sales"}, "skills": ["en", "billing:2"],
             "priority": 5}
    _, route = _routed(_single_route(fixed), "voice")
    assert (route.target, route.skills, route.priority) == ("sales", ("en", "billing:2"), 5)
    for bad in ({"priority": 101}, {"priority": True}, {"skills": [""]}, {"target": 5}):
        with pytest.raises(FlowFormatError):
            compile_document(_single_route({**fixed, **bad}))


def test_bridged_transfer_agent_hangup_continues_at_after_agent() -> None:
    document = flow_document(
        {
            "xfer": {"type": "transfer", "props": {"destination": "'sip:desk@127.0.0.1'",
                                                   "mode": "bridge"},
                     "next": {"failed": "busy", "after_agent": "ask"}},
            "ask": {"type": "menu", "props": {"prompts": [{"tts": "Press 1 if happy"}],
                                              "options": [{"key": "1"}]},
                    "next": {"1": "busy"}},
            "busy": {"type": "milestone", "props": {"name": "done"}},
        },
        channels=["voice"])
    driver = Driver(document, "voice")
    step = driver.start()
    assert isinstance(step.effects[-1], Transfer)
    driver.send(TransferResult("agent_hangup"))
    assert driver.path[-1] == "ask" and not driver.ended
    driver.send(Input("dtmf", "1"))
    assert driver.ended
