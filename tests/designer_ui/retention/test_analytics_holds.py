"""The analytics purge keeps what legal holds name (SQLite and PostgreSQL): a session held by
its id, its flow or its entry point, and a voice call's session held by the call's SIP Call-ID
or caller number, keeps its record, events and survey answers; released, it goes with the next
purge. Roll-ups count many sessions and go by age."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from flask import Flask

from designer_ui.analytics.retention import purge_expired
from designer_ui.analytics.tables import TABLES
from designer_ui.extensions import db
from designer_ui.voice_cdrs import DesignerCdrStore
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.voice.cdr import CallDetailRecord
from tests.designer_ui.helpers import Api
from tests.runtime.analytics.helpers import SessionScript

DAY = 86400.0
NOW = time.time()


def write_session(app: Flask, session_id: str, age_days: float, *, flow_id: str = "bank",
                  entry_point: str = "web", channel: str = "chat") -> None:
    start = NOW - age_days * DAY
    script = (SessionScript(session_id, start, flow_id=flow_id, entry_point=entry_point,
                            channel=channel)
              .add("session_start").visit("ask", "next")
              .add("survey_answer", "ask", survey="csat", question="happy", type="yesno",
                   answer="yes")
              .at(start + 30).add("session_end", reason="completed"))
    with app.app_context():
        SqlAnalyticsStore(db.engine, TABLES).write(script.records())


def save_call(app: Flask, call_id: str, ani: str) -> None:
    """The voice call record whose id is the analytics session id (as the voice worker does)."""
    started = NOW - 400 * DAY
    store = DesignerCdrStore(app.config["SQLALCHEMY_DATABASE_URI"],
                             **dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}))
    try:
        store.save(CallDetailRecord(id=call_id, sip_call_id=f"sip-{call_id}", ani=ani,
                                    dnis="+18005550100", worker=1, started_at=started))
    finally:
        store.close()


def analytics_of(app: Flask) -> dict[str, set[str]]:
    t = TABLES
    with app.app_context(), db.engine.connect() as conn:
        return {name: set(conn.execute(sa.select(table.c.session_id).distinct()).scalars())
                for name, table in (("sessions", t.sessions), ("events", t.events),
                                    ("surveys", t.survey_results))}


@pytest.mark.parametrize(("kind", "value", "held"), [
    ("interaction", "chat-held", "chat-held"),
    ("flow", "loans", "chat-loans"),
    ("number", "vip-entry", "chat-vip"),
    ("interaction", "sip-call-held", "call-held"),
    ("number", "+15559999", "call-held"),
])
def test_a_hold_keeps_a_sessions_analytics_until_released(
        app: Flask, admin: Api, kind: str, value: str, held: str) -> None:
    for session_id in ("chat-held", "chat-free"):
        write_session(app, session_id, 200)
    write_session(app, "chat-loans", 200, flow_id="loans")
    write_session(app, "chat-vip", 200, entry_point="vip-entry")
    write_session(app, "call-held", 200, channel="voice", entry_point="+18005550100")
    write_session(app, "chat-recent", 10)
    save_call(app, "call-held", "+15559999")
    everything = {"chat-held", "chat-free", "chat-loans", "chat-vip", "call-held",
                  "chat-recent"}
    assert analytics_of(app)["surveys"] == everything
    hold = admin.post("legal-holds", json={"kind": kind, "value": value, "reason": "case 7"})
    assert hold.status_code == 201 and hold.json is not None, hold.json

    dry = purge_expired(app, NOW, dry_run=True)
    assert (dry.sessions, dry.held_sessions) == (4, 1)
    result = purge_expired(app, NOW)
    assert (result.sessions, result.events, result.held_sessions) == (4, 4 * 5, 1)
    left = analytics_of(app)
    assert left == {"sessions": {held, "chat-recent"}, "events": {held, "chat-recent"},
                    "surveys": {held, "chat-recent"}}
    assert purge_expired(app, NOW).held_sessions == 1  # still held

    assert admin.delete(f"legal-holds/{hold.json['id']}").status_code == 204
    released = purge_expired(app, NOW)
    assert (released.sessions, released.held_sessions) == (1, 0)
    assert analytics_of(app) == {name: {"chat-recent"} for name in left}


def test_without_holds_every_expired_session_goes(app: Flask) -> None:
    write_session(app, "old", 200)
    write_session(app, "new", 1)
    result = purge_expired(app, NOW)
    assert (result.sessions, result.held_sessions) == (1, 0)
    assert analytics_of(app)["surveys"] == {"new"}
