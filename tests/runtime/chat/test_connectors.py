"""Bot turns and callback requests go to pluggable connectors; the stand-ins fail clearly."""

from __future__ import annotations

from typing import Any

import pytest

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import BotTurn, Callback
from interpreter.engine.events import BotResponse, CallbackResult
from runtime.chat import ChatHost
from runtime.effects.connectors import CallbackContext
from runtime.sessions import ENDED, SessionStore
from tests.runtime.chat.helpers import compile_document, texts


def _say(text: str, then: str | None = None) -> dict[str, Any]:
    return {"type": "play_message", "props": {"prompts": [{"tts": text}]},
            "next": {"next": then} if then else {}}


@pytest.fixture(scope="module")
def bot_flow() -> CompiledFlow:
    return compile_document({
        "format": "designer-flow", "format_version": 1, "id": "bot-chat", "name": "Bot chat",
        "channels": ["chat"], "phases": {"self_service": "assistant"},
        "blocks": {
            "assistant": {"type": "bot",
                          "props": {"bot": "helper", "intents": ["billing"],
                                    "prompts": [{"tts": "Ask me anything."}]},
                          "next": {"billing": "billing", "fallback": "fallback",
                                   "error": "failed"}},
            "billing": _say("Billing it is."),
            "fallback": _say("I did not get that."),
            "failed": _say("Bot unavailable: {{ system.LastError.message }}"),
        },
    })


@pytest.fixture(scope="module")
def callback_flow() -> CompiledFlow:
    return compile_document({
        "format": "designer-flow", "format_version": 1, "id": "callback-chat",
        "name": "Callback chat", "channels": ["chat"],
        "phases": {"self_service": "hello", "assisted_service": "call_me"},
        "blocks": {
            "hello": _say("Hello."),
            "call_me": {"type": "callback", "props": {"number": "'+15550100'", "queue": "care"},
                        "next": {"next": "booked", "error": "not_booked"}},
            "booked": _say("We will call you."),
            "not_booked": _say("No callback: {{ system.LastError.message }}"),
        },
    })


class Helper:
    def __init__(self, fail: bool = False):
        self.turns: list[BotTurn] = []
        self.fail = fail

    def turn(self, effect: BotTurn) -> BotResponse:
        self.turns.append(effect)
        if self.fail:
            raise ConnectionError("helper is down")
        return BotResponse("fulfilled", "billing", messages=("Let me look at your bill.",))


def test_without_a_bot_connector_the_bot_block_errors(bot_flow: CompiledFlow,
                                                      store: SessionStore) -> None:
    host = ChatHost(bot_flow, store)
    session = host.start().record.id
    turn = host.send(session, "my bill is wrong")
    assert texts(turn.messages)[-3:-1] == [
        ("flow", "typing", ""), ("flow", "text", "Bot unavailable: no bot connector configured")]
    assert turn.record.status == ENDED


def test_a_bot_connector_answers_turns(bot_flow: CompiledFlow, store: SessionStore) -> None:
    helper = Helper()
    host = ChatHost(bot_flow, store, bots=helper)
    started = host.start()
    assert texts(started.messages) == [("flow", "prompt", "Ask me anything.")]
    assert started.messages[0].data["mode"] == "bot"
    turn = host.send(started.record.id, "my bill is wrong")
    assert texts(turn.messages)[:4] == [("visitor", "text", "my bill is wrong"),
                                        ("flow", "typing", ""),
                                        ("flow", "text", "Let me look at your bill."),
                                        ("flow", "text", "Billing it is.")]
    assert [(t.bot, t.text, t.turn) for t in helper.turns] == [("helper", "my bill is wrong", 1)]


def test_a_failing_bot_connector_takes_the_error_port(bot_flow: CompiledFlow,
                                                     store: SessionStore) -> None:
    host = ChatHost(bot_flow, store, bots=Helper(fail=True))
    turn = host.send(host.start().record.id, "hi")
    assert ("flow", "text", "Bot unavailable: the bot connector failed: helper is down") in \
        texts(turn.messages)


class Desk:
    def __init__(self) -> None:
        self.contexts: list[CallbackContext | None] = []

    def register(self, effect: Callback, context: CallbackContext | None = None) -> CallbackResult:
        self.contexts.append(context)
        return CallbackResult("success", detail=f"{effect.number} in {effect.queue}")


def test_callbacks_go_to_the_callback_service(callback_flow: CompiledFlow,
                                              store: SessionStore) -> None:
    refused = ChatHost(callback_flow, store).start()
    assert ("flow", "text", "No callback: no callback service configured") in \
        texts(refused.messages)
    desk = Desk()
    booked = ChatHost(callback_flow, store, callbacks=desk).start()
    assert texts(booked.messages)[1:3] == [("system", "note", "Callback requested (success)."),
                                           ("flow", "text", "We will call you.")]
    assert booked.messages[1].data["detail"] == "+15550100 in care"
    assert desk.contexts == [CallbackContext(environment="live", channel="chat",
                                             session_id=booked.record.id)]
