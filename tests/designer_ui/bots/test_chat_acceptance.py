"""Acceptance: one chat session talks to a Dialogflow CX bot for questions and a Lex bot for the
order, both registered in the Designer's Bot Registry (credentials encrypted) and reached
through the real client libraries against the local servers, driven through the chat host
with the registry connector. Slots land in variables, an intent leads to an agent, a bot
that does not answer in time takes `error`; no credential shows up in what was recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.bots import bot_connector
from interpreter.engine.effects import AnalyticsEvent
from interpreter.engine.events import RouteResult
from runtime.chat import ChatHost, ChatListener, ChatTurn
from runtime.sessions import SessionRecord, SessionStore, open_session_store
from runtime.sessions.records import ENDED, FLOW, QUEUED, WITH_AGENT, Message
from tests.bots_servers import DialogflowServer, LexServer
from tests.designer_ui.bots.conftest import SECRETS, cx_entry, lex_entry, register
from tests.designer_ui.helpers import Api
from tests.runtime.chat.helpers import compile_document

SHOP = {
    "format": "designer-flow", "format_version": 1, "id": "pizza-chat", "name": "Pizza chat",
    "channels": ["chat"], "phases": {"self_service": "faq", "assisted_service": "agent"},
    "variables": {"order": {"type": "object"}},
    "blocks": {
        "faq": {"type": "bot", "props": {
            "bot": "FaqBot", "prompts": [{"tts": "Welcome to Pizza Planet. Ask me anything."}],
            "intents": ["OpeningHours", "PlaceOrder", "Agent"], "max_turns": 3},
            "next": {"OpeningHours": "more", "PlaceOrder": "order", "error": "sorry"}},
        "more": {"type": "play_message", "props": {"prompts": [{"tts": "Anything else?"}]},
                 "next": {"next": "faq"}},
        "order": {"type": "bot", "props": {
            "bot": "OrderBot", "prompts": [{"tts": "What would you like?"}],
            "intents": ["OrderPizza"], "result_variable": "order"},
            "next": {"OrderPizza": "confirm", "error": "sorry"}},
        "confirm": {"type": "play_message", "props": {"prompts": [
            {"tts": "Your {{ order.slots.size }} {{ order.slots.topping }} pizza is on its "
                    "way."}]}, "next": {"next": "bye"}},
        "sorry": {"type": "play_message", "props": {"prompts": [
            {"tts": "Sorry: {{ system.LastError.message }}"}]}, "next": {"next": "bye"}},
        "bye": {"type": "terminate", "props": {"reason": "served"}},
        "agent": {"type": "route", "props": {"target": {"type": "queue", "value": "pizza"},
                                             "skills": ["orders"]}},
    },
}


class Recorder(ChatListener):
    """Everything the chat host reports: messages and analytics events."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def saved(self, record: SessionRecord, messages: list[Message],
              events: list[AnalyticsEvent]) -> None:
        self.seen.append({"state": record.state, "messages": [m.text for m in messages],
                          "data": [m.data for m in messages],
                          "events": [(e.kind, e.block, e.data) for e in events]})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SessionStore]:
    store = open_session_store(str(tmp_path / "sessions.db"), idle_timeout_s=600.0)
    yield store
    store.close()


@pytest.fixture
def listener() -> Recorder:
    return Recorder()


@pytest.fixture
def host(app: Flask, developer: Api, lex: LexServer, dialogflow: DialogflowServer,
         store: SessionStore, listener: Recorder) -> Iterator[ChatHost]:
    register(developer, cx_entry(dialogflow.address))
    register(developer, lex_entry(lex.url, timeout_ms=600, max_retries=0))
    bots = bot_connector(app)
    yield ChatHost(compile_document(SHOP), store, bots=bots, listener=listener)
    bots.close()


def flow_says(turn: ChatTurn) -> list[str]:
    return [m.text for m in turn.messages if m.author == FLOW and m.text]


def test_faq_then_order_in_one_session(host: ChatHost, lex: LexServer,
                                       dialogflow: DialogflowServer, listener: Recorder) -> None:
    started = host.start(visitor_id="visitor-1")
    assert flow_says(started) == ["Welcome to Pizza Planet. Ask me anything."]
    sid = started.record.id
    assert flow_says(host.send(sid, "when are you open?")) == [
        "We are open 9 am to 9 pm every day.", "Anything else?",
        "Welcome to Pizza Planet. Ask me anything."]
    assert flow_says(host.send(sid, "I'd like to order food"))[-1] == "What would you like?"
    assert flow_says(host.send(sid, "a big pizza")) == ["Which topping?"]
    done = host.send(sid, "pepperoni")
    assert flow_says(done) == ["One large pepperoni pizza, coming up.",
                               "Your large pepperoni pizza is on its way."]
    assert done.record.status == ENDED
    order = done.record.state["vars"]["order"]
    assert (order["intent"], order["slots"]) == ("OrderPizza", {"size": "large",
                                                                "topping": "pepperoni"})
    assert len(lex.requests) == 2 and dialogflow.requests
    intents = [(data or {}).get("bot") for seen in listener.seen
               for kind, _block, data in seen["events"] if kind == "bot_intent"]
    assert intents == ["FaqBot", "FaqBot", "OrderBot"]
    recorded = json.dumps([listener.seen, [m.text for m in host.messages_after(sid)]],
                          default=str)
    assert all(secret not in recorded for secret in SECRETS)


def test_the_agent_intent_routes_to_an_agent(host: ChatHost) -> None:
    sid = host.start().record.id
    queued = host.send(sid, "can I talk to a person")
    assert "Connecting you to an agent." in flow_says(queued)
    assert queued.record.status == QUEUED
    assert queued.record.waiting and queued.record.waiting.get("target") == "pizza"
    assert queued.record.waiting["skills"] == ["orders"]
    joined = host.complete_route(sid, RouteResult("success", agent="ana"))
    assert joined.record.status == WITH_AGENT


def test_a_bot_that_does_not_answer_in_time_takes_error(host: ChatHost, lex: LexServer) -> None:
    sid = host.start().record.id
    host.send(sid, "I want to order")
    lex.faults.delay_s = 2.0
    late = host.send(sid, "a pizza")
    assert flow_says(late)[-1] == "Sorry: the bot did not answer in 0.6 s"
    assert late.record.status == ENDED
    assert late.record.state["system"]["LastError"]["block"] == "order"
