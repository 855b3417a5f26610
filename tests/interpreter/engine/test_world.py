"""Blocks that wait for the outside world: http, bot, route, transfer, record, callback."""

from __future__ import annotations

import pytest

from interpreter.engine.effects import BotTurn, Callback, HttpRequest, Record, Route, Transfer
from interpreter.engine.events import (
    BotResponse,
    CallbackResult,
    HttpResponse,
    Input,
    Recorded,
    RouteResult,
    Timeout,
    TransferResult,
)
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

HTTP = flow_document(
    {
        "lookup": {"type": "http", "props": {
            "url": "https://orders.example.com/orders/{{ encodeURIComponent(id) }}",
            "headers": {"X-Caller": "{{ system.ANI }}"}, "result_variable": "order",
            "status_variable": "status"},
            "next": {"next": "say", "error": "sorry"}},
        "say": {"type": "play_message", "props": {"prompts": [{"tts": "It is {{ order.status }}"}]}},
        "sorry": {"type": "play_message", "props": {"prompts": [
            {"tts": "Sorry: {{ system.LastError.message }}"}]}},
    },
    variables={"id": {"type": "string", "default": "A 1"}, "order": {"type": "any"},
               "status": {"type": "number"}})


@pytest.mark.parametrize("channel", CHANNELS)
def test_http_success(channel: str) -> None:
    driver = Driver(HTTP, channel)
    step = driver.start(system={"ANI": "+1555"})
    request = step.effects[0]
    assert isinstance(request, HttpRequest)
    assert request.url == "https://orders.example.com/orders/A%201"
    assert request.headers == {"X-Caller": "+1555"}
    driver.send(HttpResponse(200, '{"status": "shipped"}'))
    assert driver.said()[-1] == "It is shipped"
    assert driver.variable("status") == 200


@pytest.mark.parametrize("event, message", [
    (HttpResponse(404, "nope"), "Sorry: the web service answered HTTP 404"),
    (HttpResponse(error="connection refused"), "Sorry: connection refused"),
    (Timeout(), "Sorry: the web service did not answer in time"),
])
def test_http_failures_take_error(event: object, message: str) -> None:
    driver = Driver(HTTP, "chat")
    driver.start()
    driver.send(event)  # type: ignore[arg-type]
    assert driver.said()[-1] == message


BOT = flow_document(
    {
        "pizza": {"type": "bot", "props": {"bot": "PizzaBot", "prompts": [{"tts": "What would you like?"}],
                                           "intents": ["OrderPizza", "Agent"],
                                           "result_variable": "result", "max_turns": 3,
                                           "dtmf": {"0": "Agent"}},
                  "next": {"OrderPizza": "done", "Agent": "agent", "fallback": "lost",
                           "error": "broken"}},
        "done": {"type": "play_message", "props": {"prompts": [
            {"tts": "A {{ result.slots.size }} pizza"}]}},
        "agent": {"type": "milestone", "props": {"name": "agent"}},
        "lost": {"type": "milestone", "props": {"name": "lost"}},
        "broken": {"type": "milestone", "props": {"name": "broken"}},
    },
    variables={"result": {"type": "object"}})


@pytest.mark.parametrize("channel", CHANNELS)
def test_bot_multi_turn_to_intent_port(channel: str) -> None:
    driver = Driver(BOT, channel)
    driver.start()
    step = driver.send(Input("text", "a pizza please"))
    turn = step.effects[0]
    assert isinstance(turn, BotTurn) and turn.text == "a pizza please" and turn.turn == 1
    step = driver.send(BotResponse("in_progress", "OrderPizza", messages=("What size?",)))
    assert driver.kinds(step) == ["say", "collect"]
    driver.send(Input("text", "large"))
    driver.send(BotResponse("fulfilled", "OrderPizza", {"size": "large"}, 0.9,
                            ("One large pizza.",)))
    assert driver.said()[-2:] == ["One large pizza.", "A large pizza"]
    assert driver.state["system"]["BotResult"]["intent"] == "OrderPizza"


def test_bot_unknown_intent_falls_back_and_dtmf_maps_to_intent() -> None:
    driver = Driver(BOT, "voice")
    driver.start()
    driver.send(Input("text", "weather?"))
    driver.send(BotResponse("fulfilled", "Weather"))
    assert driver.path[-1] == "lost"
    driver = Driver(BOT, "voice")
    driver.start()
    driver.send(Input("dtmf", "0"))
    assert driver.path[-1] == "agent"


def test_bot_error_and_timeout_take_error() -> None:
    for event in (BotResponse(error="throttled"), Timeout()):
        driver = Driver(BOT, "chat")
        driver.start()
        driver.send(Input("text", "hi"))
        driver.send(event)
        assert driver.path[-1] == "broken"


def test_bot_max_turns_falls_back() -> None:
    driver = Driver(BOT, "chat")
    driver.start()
    for _ in range(3):
        driver.send(Input("text", "hmm"))
        driver.send(BotResponse("in_progress", messages=("Sorry?",)))
    assert driver.path[-1] == "lost"


ROUTE = flow_document(
    {
        "tag": {"type": "set_data", "props": {"data": {"tier": "'gold'"}}, "next": {"next": "bye"}},
        "bye": {"type": "play_message", "props": {"prompts": [{"tts": "Connecting"}]}},
        "queue": {"type": "route", "props": {"target": {"type": "queue", "value": "sales"},
                                             "skills": ["en"], "priority": 5},
                  "next": {"failed": "offer"}},
        "offer": {"type": "callback", "props": {"number": "system.ANI"},
                  "next": {"next": "cb_ok", "error": "cb_bad"}},
        "cb_ok": {"type": "milestone", "props": {"name": "callback"}},
        "cb_bad": {"type": "milestone", "props": {"name": "no_callback"}},
        "wrap": {"type": "milestone", "props": {"name": "wrap"}},
    },
    phases={"self_service": "tag", "assisted_service": "queue", "finalize": "wrap"})


@pytest.mark.parametrize("channel", CHANNELS)
def test_route_success_runs_finalize(channel: str) -> None:
    driver = Driver(ROUTE, channel)
    step = driver.start()
    route = step.effects[-1]
    assert isinstance(route, Route)
    assert (route.target_type, route.target, route.skills, route.priority) == (
        "queue", "sales", ("en",), 5)
    assert route.data == {"tier": "gold"}
    driver.send(RouteResult("success", agent="ann"))
    assert driver.ended and driver.state["end_reason"] == "routed"
    assert driver.path[-1] == "wrap"


def test_route_failure_offers_callback() -> None:
    driver = Driver(ROUTE, "voice")
    driver.start(system={"ANI": "+15551234567"})
    step = driver.send(RouteResult("failed"))
    callback = step.effects[-1]
    assert isinstance(callback, Callback) and callback.number == "+15551234567"
    driver.send(CallbackResult("success"))
    assert driver.path[-2:] == ["cb_ok", "wrap"]


def test_transfer_and_record_on_voice() -> None:
    document = flow_document(
        {
            "msg": {"type": "record", "props": {"prompts": [{"tts": "After the beep"}],
                                                "variable": "rec"},
                    "next": {"next": "xfer", "noinput": "xfer"}},
            "xfer": {"type": "transfer", "props": {"destination": "'sip:desk@127.0.0.1'"},
                     "next": {"failed": "busy"}},
            "busy": {"type": "milestone", "props": {"name": "busy"}},
        },
        channels=["voice"], variables={"rec": {"type": "string"}})
    driver = Driver(document, "voice")
    step = driver.start()
    assert isinstance(step.effects[0], Record)
    step = driver.send(Recorded("rec-42", 5000))
    assert driver.variable("rec") == "rec-42"
    transfer = step.effects[0]
    assert isinstance(transfer, Transfer) and transfer.destination == "sip:desk@127.0.0.1"
    driver.send(TransferResult("busy"))
    assert driver.path[-1] == "busy"


def test_bot_context_is_handed_back_on_the_next_turn_but_hidden_from_the_flow() -> None:
    driver = Driver(BOT, "chat")
    driver.start()
    driver.send(Input("text", "pizza"))
    driver.send(BotResponse("in_progress", "OrderPizza", messages=("Size?",),
                            raw={"context": {"sessionState": {"slot": "size"}}, "id": 1}))
    step = driver.send(Input("text", "large"))
    turn = step.effects[0]
    assert isinstance(turn, BotTurn)
    assert turn.context == {"sessionState": {"slot": "size"}} and turn.turn == 2
    assert turn.timeout_ms is None
    driver.send(BotResponse("fulfilled", "OrderPizza", {"size": "large"},
                            raw={"context": {"secret": 1}, "id": 2}))
    assert driver.variable("result")["raw"] == {"id": 2}
