"""An agent accepting a queued session (the flow's finalize runs when the conversation ends),
and the stores' status index the agent desk lists queues from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from interpreter.engine.state import decode_scope
from runtime.chat import ChatHost, ChatStateError
from runtime.sessions import ACTIVE, ENDED, QUEUED, WITH_AGENT, SessionStore
from tests.runtime.chat.helpers import start, texts
from tests.runtime.sessions.stores import new_record


def queued(host: ChatHost) -> str:
    session = start(host).record.id
    assert host.choose(session, "agent").record.status == QUEUED
    return session


def test_accepting_hands_the_session_to_the_agent(host: ChatHost) -> None:
    session = queued(host)
    turn = host.accept(session, agent="ann", name="Ann Lee")
    record = turn.record
    assert record.status == WITH_AGENT and record.timer is None
    assert record.waiting is not None and record.waiting["agent"] == "ann"
    assert record.waiting["target"] == "sales" and record.waiting["agent_name"] == "Ann Lee"
    assert texts(turn.messages) == [("system", "note", "Ann Lee joined the conversation.")]
    assert decode_scope(record.state["vars"])["closedBy"] is None
    with pytest.raises(ChatStateError):
        host.accept(session, agent="bob")
    host.agent_message(session, "Hello!", agent="ann")
    assert texts(host.send(session, "Hi").messages) == [("visitor", "text", "Hi")]


@pytest.mark.parametrize("by", ["agent", "visitor"])
def test_finalize_runs_when_the_conversation_ends(host: ChatHost, by: str) -> None:
    session = queued(host)
    host.accept(session, agent="ann")
    closed = host.end(session, by=by)
    assert closed.record.status == ENDED
    assert decode_scope(closed.record.state["vars"])["closedBy"] == "finalize"
    assert closed.record.state["end_reason"] == "routed"
    assert texts(closed.messages) == [(("system", "note", f"The {by} closed the conversation.")),
                                      ("system", "note", "The conversation ended.")]


def test_an_idle_accepted_session_closes_with_finalize(host: ChatHost) -> None:
    session = queued(host)
    accepted = host.accept(session, agent="ann").record
    expired = host.expire_idle(accepted.updated_at + host.store.idle_timeout_s + 1)
    assert expired == [session]
    record = host.load(session)
    assert record.ended and record.state["end_reason"] == "routed"


def test_stores_list_sessions_by_status(store: SessionStore) -> None:
    first = store.create(new_record("a", now=10.0)).record
    store.create(new_record("b", now=20.0))
    store.create(new_record("c", now=5.0, status=QUEUED))
    store.save(replace(first, status=QUEUED, updated_at=30.0))
    assert [r.id for r in store.sessions_with_status(QUEUED)] == ["c", "a"]
    assert [r.id for r in store.sessions_with_status(ACTIVE)] == ["b"]
    assert [r.id for r in store.sessions_with_status(QUEUED, limit=1)] == ["c"]
    moved = store.load("a")
    store.save(replace(moved, status=ENDED, updated_at=40.0))
    assert [r.id for r in store.sessions_with_status(QUEUED)] == ["c"]
    assert [r.id for r in store.sessions_with_status(ENDED)] == ["a"]
    assert store.purge_transcripts(older_than=50.0) == 1
    assert store.sessions_with_status(ENDED) == []
    with pytest.raises(ValueError):
        store.sessions_with_status("lost")
