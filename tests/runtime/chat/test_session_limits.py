"""A chat whose flow loops through no-input timers ends, and runs its finalize phase."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from interpreter.engine.limits import SessionLimits
from interpreter.host import StaticHost
from runtime.chat import ChatHost, ChatSettings, TimerLoop
from runtime.sessions import ENDED, SessionStore
from tests.runtime.chat.helpers import compile_document, texts

SELF_LOOP = {
    "format": "designer-flow", "format_version": 1, "id": "chat-self-loop", "name": "Self loop",
    "channels": ["chat"],
    "variables": {"finalized": {"type": "boolean", "default": False}},
    "phases": {"self_service": "ask", "finalize": "wrap"},
    "blocks": {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Your number?"}],
                                           "variable": "finalized", "grammar": "digits",
                                           "retries": 0, "timeout_ms": 100},
                "next": {"noinput": "ask", "nomatch": "ask"}},
        "wrap": {"type": "assign", "props": {"assignments": [
            {"variable": "finalized", "expression": "true"}]}},
    },
}


def test_the_noinput_self_loop_ends_after_the_wait_limit(store: SessionStore) -> None:
    host = ChatHost(compile_document(SELF_LOOP), store,
                    limits=SessionLimits(max_waits_per_block=3))
    loop = TimerLoop(host, interval_s=0.02)
    record = host.start().record
    loop.start()
    try:
        deadline = time.monotonic() + 10
        while host.load(record.id).status != ENDED and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        loop.stop()
    ended = host.load(record.id)
    assert ended.status == ENDED and ended.timer is None
    assert ended.state["end_reason"] == "max_waits"
    assert ended.state["vars"]["finalized"] is True
    notes = texts(host.messages_after(record.id, 0))
    assert notes.count(("flow", "prompt", "Your number?")) == 3
    assert ("system", "note", "The conversation was closed: the flow asked the same question "
            "too many times.") in notes


def test_a_chat_past_its_maximum_duration_ends_at_its_next_timer(store: SessionStore) -> None:
    services = StaticHost(clock=datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    now = [services.now().timestamp()]
    host = ChatHost(compile_document(SELF_LOOP), store, clock=lambda: now[0], services=services,
                    limits=SessionLimits(max_duration_s=30))
    record = host.start().record
    assert record.timer is not None
    now[0] += 31
    services.clock = datetime.fromtimestamp(now[0], UTC)
    assert host.fire_due_timers(now[0]) == [record.id]
    ended = host.load(record.id)
    assert ended.status == ENDED and ended.state["end_reason"] == "max_duration"
    assert ended.state["vars"]["finalized"] is True


def test_the_limits_come_from_the_environment() -> None:
    settings = ChatSettings.from_env({"CHAT_MAX_SESSION_S": "600",
                                      "CHAT_MAX_WAITS_PER_BLOCK": "7"})
    assert settings.session_limits() == SessionLimits(max_duration_s=600, max_waits_per_block=7)
    assert ChatSettings.from_env({}).session_limits() == SessionLimits()
