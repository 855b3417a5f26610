"""What the user types in the simulator, as engine events."""

from __future__ import annotations

import pytest

from designer_ui.simulation.world import MockedWorld, caller_event, world_event
from interpreter.engine.effects import BotTurn, HttpRequest, Route
from interpreter.engine.events import BotResponse, Hangup, HttpResponse, Input, RouteResult


def test_caller_events() -> None:
    assert caller_event({"dtmf": "12#"}) == Input("dtmf", "12#")
    assert caller_event({"noinput": True}) == Input("noinput")
    assert caller_event({"hangup": True}) == Hangup()
    for bad in ({}, {"dtmf": 1}, {"smell": "x"}, {"dtmf": "1", "text": "a"}):
        with pytest.raises(ValueError):
            caller_event(bad)


def test_world_events() -> None:
    http = world_event({"http": {"status": 404, "json": {"a": 1}}})
    assert isinstance(http, HttpResponse) and http.status == 404 and http.body == '{"a": 1}'
    assert world_event({"route_result": "failed"}) == RouteResult("failed")
    assert isinstance(world_event({"bot": {"intent": "Yes"}}), BotResponse)
    assert world_event({"event": {"kind": "hangup"}}) == Hangup()
    with pytest.raises(ValueError):
        world_event({"event": {"kind": "nonsense"}})


def test_mocked_world_keeps_its_usage() -> None:
    usage: dict[str, object] = {}
    world = MockedWorld({"http": [{"match": {"url": "https://a/*"}, "respond": {"status": 201},
                                   "times": 1}],
                         "bots": {"pizza": [{"intent": "Order"}]}, "route": "failed"}, usage)
    request = HttpRequest("b", "GET", "https://a/1")
    assert isinstance(world.answer("http", request), HttpResponse)
    assert world.answer("http", request) is None
    assert usage["http"] == [1]
    turn = BotTurn("b", "pizza", None, 1, "k")
    answer = world.answer("bot", turn)
    assert isinstance(answer, BotResponse) and answer.intent == "Order"
    assert world.answer("bot", turn) is None
    assert world.answer("route", Route("b", "queue", "sales")) == RouteResult("failed")
