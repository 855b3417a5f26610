"""Helpers for chat host tests: the compiled test flow, a listener that records, shortcuts."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from blocks import shared_registry
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.engine.effects import AnalyticsEvent
from interpreter.loader import load_flow
from runtime.chat import ChatHost, ChatListener, ChatTurn
from runtime.effects import AddressPolicy, HttpExecutor
from runtime.sessions import Message, SessionRecord

FIXTURE = Path(__file__).parent / "fixtures" / "chat-desk.json"


@functools.cache
def compiled_flow() -> CompiledFlow:
    return compile_flow(load_flow(FIXTURE.read_text(encoding="utf-8")), shared_registry())


def compile_document(document: dict[str, Any]) -> CompiledFlow:
    return compile_flow(load_flow(json.dumps(document)), shared_registry())


def local_executor() -> HttpExecutor:
    """The executor with 127.0.0.1 allow-listed, as an administrator would for a local API."""
    return HttpExecutor(AddressPolicy(["127.0.0.1/32"]))


def start(host: ChatHost, service: str = "http://127.0.0.1:9") -> ChatTurn:
    return host.start(variables={"apiBase": service}, visitor_id="visitor-7",
                      user_agent="pytest")


def texts(messages: list[Message]) -> list[tuple[str, str, str]]:
    return [(m.author, m.kind, m.text) for m in messages]


class Recorder(ChatListener):
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def typing(self, session_id: str) -> None:
        self.calls.append(("typing", session_id))

    def saved(self, record: SessionRecord, messages: list[Message],
              events: list[AnalyticsEvent]) -> None:
        self.calls.append(("saved", (record.version, [m.seq for m in messages],
                                     [e.kind for e in events])))
