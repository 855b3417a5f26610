"""No-input and queue timers, the timer loop, and idle expiry."""

from __future__ import annotations

import threading
import time

from interpreter.engine.state import decode_scope
from runtime.chat import ChatHost, TimerLoop
from runtime.sessions import ENDED, QUEUED, SessionStore, open_session_store
from tests.runtime.chat.helpers import compile_document, compiled_flow, local_executor, start, texts


def test_no_input_reprompts_then_takes_the_noinput_port(host: ChatHost) -> None:
    record = start(host).record
    assert record.timer is not None
    due = record.timer.due_at
    assert host.fire_due_timers(due - 0.05) == []
    assert host.fire_due_timers(due) == [record.id]
    reprompt = host.messages_after(record.id, record.last_seq)
    assert texts(reprompt) == [("system", "note", "No reply from the visitor in time."),
                               ("flow", "prompt", "Are you still there? Pick an option.")]
    assert reprompt[1].data["reprompt"] == "noinput" and reprompt[1].data["attempt"] == 2
    second = host.load(record.id)
    assert second.timer is not None and second.timer.due_at > due
    assert host.fire_due_timers(second.timer.due_at + 1) == [record.id]
    final = host.load(record.id)
    assert final.status == ENDED and final.timer is None
    assert texts(host.messages_after(record.id, second.last_seq))[1:3] == [
        ("flow", "text", "Goodbye."), ("system", "note", "The flow ended the conversation.")]
    assert host.fire_due_timers(second.timer.due_at + 60) == []


def test_a_reply_replaces_the_timer(host: ChatHost) -> None:
    record = start(host).record
    assert record.timer is not None
    answered = host.choose(record.id, "orders").record
    assert answered.timer is not None and answered.timer.block == "ask_order"
    assert host.fire_due_timers(record.timer.due_at + 1) == []
    assert host.load(record.id).version == answered.version


def test_a_queue_that_does_not_answer_times_out(host: ChatHost) -> None:
    queued = host.choose(start(host).record.id, "agent").record
    assert queued.status == QUEUED and queued.timer is not None
    assert host.fire_due_timers(queued.timer.due_at) == [queued.id]
    after = host.messages_after(queued.id, queued.last_seq)
    assert texts(after) == [("system", "note", "No agent answered in time."),
                            ("flow", "text", "Nobody is free right now."),
                            ("system", "note", "The conversation ended.")]
    assert host.load(queued.id).status == ENDED


def test_a_due_timer_fires_once_when_nodes_race(store_and_url: tuple[str, SessionStore]) -> None:
    url, store = store_and_url
    record = start(ChatHost(compiled_flow(), store)).record
    assert record.timer is not None
    now = record.timer.due_at + 0.05
    stores = [open_session_store(url) for _ in range(3)]
    nodes = [ChatHost(compiled_flow(), other, clock=lambda: now) for other in stores]
    barrier = threading.Barrier(len(nodes))
    fired: list[list[str]] = []

    errors: list[BaseException] = []

    def sweep(node: ChatHost) -> None:
        try:
            barrier.wait(timeout=10)
            fired.append(node.fire_due_timers())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sweep, args=(node,)) for node in nodes]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        for other in stores:
            other.close()
    assert errors == [] and not any(thread.is_alive() for thread in threads)
    assert sorted(fired) == [[], [], [record.id]]
    notes = [m for m in store.messages_after(record.id) if m.data.get("event") == "timeout"]
    assert len(notes) == 1 and store.load(record.id).version == 2


def test_the_timer_loop_fires_in_the_background(host: ChatHost) -> None:
    record = start(host).record
    loop = TimerLoop(host, interval_s=0.05)
    loop.start()
    try:
        deadline = time.monotonic() + 5
        while host.load(record.id).version == 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        loop.stop()
    assert not loop.running
    assert host.load(record.id).version >= 2
    assert any(m.data.get("reprompt") == "noinput" for m in host.messages_after(record.id))


def test_idle_sessions_are_closed_and_finalized(store: SessionStore) -> None:
    host = ChatHost(compiled_flow(), store, http=local_executor())
    idle = start(host).record
    later = ChatHost(compiled_flow(), store, clock=lambda: idle.updated_at + 500)
    recent = start(later).record
    now = idle.updated_at + store.idle_timeout_s + 1
    assert host.expire_idle(now) == [idle.id]
    closed = host.load(idle.id)
    assert closed.status == ENDED and closed.timer is None
    assert decode_scope(closed.state["vars"])["closedBy"] == "finalize"
    notes = [m.text for m in host.messages_after(idle.id) if m.author == "system"]
    assert notes[-2:] == ["The conversation was closed after 10 minutes without activity.",
                          "The conversation ended."]
    assert host.expire_idle(now) == []
    assert host.load(recent.id).status != ENDED
    assert host.expire_idle(recent.updated_at + store.idle_timeout_s + 1) == [recent.id]


def test_a_session_whose_flow_is_gone_is_closed_by_the_sweep(store: SessionStore) -> None:
    record = start(ChatHost(compiled_flow(), store)).record
    assert record.timer is not None
    other = compile_document({"format": "designer-flow", "format_version": 1, "id": "other",
                              "name": "Other", "channels": ["chat"],
                              "phases": {"self_service": "hi"},
                              "blocks": {"hi": {"type": "play_message",
                                                "props": {"prompts": [{"tts": "Hi"}]}}}})
    node = ChatHost(other, store)
    assert node.fire_due_timers(record.timer.due_at + 1) == []
    closed = store.load(record.id)
    assert closed.status == ENDED and closed.timer is None
    assert store.messages_after(record.id)[-1].data == {"event": "ended", "reason": "failure"}
    assert node.fire_due_timers(record.timer.due_at + 2) == []
