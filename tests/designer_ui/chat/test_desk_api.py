"""The agent desk's API: the queue, accepting, replying, ending (finalize runs then), and what
happens when nobody accepts in time."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer_ui.chat import chat_service
from interpreter.engine.state import decode_scope
from tests.designer_ui.chat.conftest import chat_app, close_app, say, start, texts
from tests.designer_ui.chat.helpers import desk_flow, publish
from tests.designer_ui.helpers import Api


def queued(visitor: FlaskClient) -> str:
    session: str = start(visitor, visitor_id="v-42")["session"]["id"]
    turn = say(visitor, session, choice="agent").json
    assert turn["session"]["status"] == "queued"
    return session


def test_the_queue_lists_waiting_conversations(visitor: FlaskClient,
                                               agent_api: Callable[[str], Api]) -> None:
    session = queued(visitor)
    ann = agent_api("ann")
    waiting = [s for s in ann.get("chat/desk/queue").json if s["id"] == session]
    assert len(waiting) == 1
    entry = waiting[0]
    assert entry["queue"] == "care" and entry["target_type"] == "queue"
    assert entry["skills"] == ["orders"] and entry["priority"] == 3
    assert entry["data"] == {"order": "NW-1"} and entry["fields"] == {"Brand": "Acme"}
    assert entry["visitor_id"] == "v-42" and entry["agent"] is None
    assert entry["flow"]["id"] == "desk-chat" and entry["waiting_since"] > 0
    assert [s["id"] for s in ann.get("chat/desk/queue?queue=care&skill=orders").json
            if s["id"] == session] == [session]
    assert all(s["id"] != session for s in ann.get("chat/desk/queue?skill=billing").json)
    assert all(s["id"] != session for s in ann.get("chat/desk/queue?queue=sales").json)


def test_an_agent_accepts_replies_and_ends(app: Flask, visitor: FlaskClient,
                                           agent_api: Callable[[str], Api]) -> None:
    session = queued(visitor)
    ann, bob = agent_api("ann"), agent_api("bob")
    accepted = ann.post(f"chat/desk/sessions/{session}/accept")
    assert accepted.status_code == 200
    assert accepted.json["session"]["status"] == "agent"
    assert accepted.json["session"]["agent"] == "ann"
    assert accepted.json["messages"][-1]["text"] == "Ann joined the conversation."
    assert bob.post(f"chat/desk/sessions/{session}/accept").status_code == 409
    assert session in [s["id"] for s in ann.get("chat/desk/mine").json]
    assert session not in [s["id"] for s in bob.get("chat/desk/mine").json]
    assert session not in [s["id"] for s in ann.get("chat/desk/queue").json]

    refused = bob.post(f"chat/desk/sessions/{session}/messages", json={"text": "Mine now"})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_yours"
    reply = ann.post(f"chat/desk/sessions/{session}/messages",
                     json={"text": "Hi, Ann here.", "client_message_id": "d-1"})
    assert reply.status_code == 200
    assert ann.post(f"chat/desk/sessions/{session}/messages",
                    json={"text": "Hi, Ann here.", "client_message_id": "d-1"}).status_code == 200
    answer = say(visitor, session, text="Where is my parcel?")
    assert texts(answer.json["messages"]) == [("visitor", "text", "Where is my parcel?")]
    seen = visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=0").json["messages"]
    assert [m["text"] for m in seen].count("Hi, Ann here.") == 1
    assert ("system", "note", "Ann joined the conversation.") in texts(seen)
    assert decode_scope(chat_service(app).host.load(session).state["vars"])["finalized"] is False

    ended = ann.post(f"chat/desk/sessions/{session}/end")
    assert ended.status_code == 200 and ended.json["session"]["status"] == "ended"
    record = chat_service(app).host.load(session)
    assert decode_scope(record.state["vars"])["finalized"] is True
    assert record.state["end_reason"] == "routed"
    detail = ann.get(f"chat/desk/sessions/{session}").json
    assert [m["seq"] for m in detail["messages"]] == list(range(1, record.last_seq + 1))
    closing = visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=0").json
    assert closing["session"]["status"] == "ended"
    assert "The chat was ended." in [m["text"] for m in closing["messages"]]
    assert ann.post(f"chat/desk/sessions/{session}/messages",
                    json={"text": "late"}).status_code == 409


def test_the_desk_needs_the_agent_role(visitor: FlaskClient, as_role: Callable[..., Api]) -> None:
    session = queued(visitor)
    assert visitor.get("/api/v1/chat/desk/queue").status_code == 401
    developer = as_role("developer")
    assert developer.get("chat/desk/queue").status_code == 403
    assert developer.post(f"chat/desk/sessions/{session}/accept").status_code == 403
    assert as_role("admin").get("chat/desk/queue").status_code == 200


def test_nobody_accepting_in_time_takes_the_failed_port(app: Flask, visitor: FlaskClient,
                                                        agent_api: Callable[[str], Api]) -> None:
    session = queued(visitor)
    host = chat_service(app).host
    timer = host.load(session).timer
    assert timer is not None and timer.kind == "route"
    assert session in host.fire_due_timers(timer.due_at + 0.01)
    seen = visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=0").json
    assert ("flow", "text", "Nobody is free.") in texts(seen["messages"])
    assert seen["session"]["status"] == "ended"
    refused = agent_api("ann").post(f"chat/desk/sessions/{session}/accept")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "wrong_state"


def test_the_visitor_leaving_a_queue_ends_it(app: Flask, visitor: FlaskClient) -> None:
    session = queued(visitor)
    assert visitor.delete(f"/api/v1/chat/sessions/{session}").json["session"]["status"] == "ended"
    assert chat_service(app).host.load(session).timer is None


def test_the_timer_loop_fires_without_any_request(tmp_path: Path,
                                                  request: pytest.FixtureRequest) -> None:
    app = chat_app(tmp_path, request, str(tmp_path / "sessions.db"), CHAT_TIMER_LOOP="auto",
                   CHAT_TIMER_INTERVAL_MS=50)
    try:
        publish(app, desk_flow("quick", route_timeout_ms=1000), "quick")
        visitor = app.test_client()
        session = start(visitor, "quick")["session"]["id"]
        say(visitor, session, choice="agent")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if chat_service(app).host.load(session).ended:
                break
            time.sleep(0.1)
        seen = chat_service(app).host.messages_after(session, 0)
        assert "Nobody is free." in [m.text for m in seen]
    finally:
        close_app(app)


def test_analytics_events_are_reported_once_per_save(app: Flask, visitor: FlaskClient,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from runtime.analytics.sink import MemorySink

    sink = MemorySink()
    monkeypatch.setattr("designer_ui.chat.service.analytics_sink", lambda _app: sink)
    session = queued(visitor)
    mine = [r for r in sink.records if r.session_id == session]
    kinds = [r.kind for r in mine]
    assert kinds[0] == "session_start" and "block_entered" in kinds
    context = mine[0].context
    assert (context.flow_id, context.flow_version, context.channel, context.environment,
            context.entry_point, context.origin) == ("desk-chat", "1", "chat", "live", "desk",
                                                     "live")
    assert len({r.seq for r in mine}) == len(mine)


def test_an_ended_conversation_keeps_its_attached_data_and_skills(
        visitor: FlaskClient, agent_api: Callable[[str], Api]) -> None:
    session = queued(visitor)
    ann = agent_api("ann")
    assert ann.post(f"chat/desk/sessions/{session}/accept").status_code == 200

    ended = ann.post(f"chat/desk/sessions/{session}/end").json["session"]
    detail = ann.get(f"chat/desk/sessions/{session}").json["session"]
    for summary in (ended, detail):
        assert summary["status"] == "ended"
        assert summary["data"] == {"order": "NW-1"}
        assert summary["skills"] == ["orders"] and summary["priority"] == 3
        assert summary["queue"] == "care" and summary["target_type"] == "queue"
        assert summary["agent"] == "ann" and summary["agent_name"] == "Ann"
    # The visitor still gets the queued note without the staff-only routing facts.
    notes = visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=0").json["messages"]
    queued_note = next(m for m in notes if m["data"].get("event") == "queued")
    assert queued_note["data"] == {"event": "queued"}
