"""Chat transcripts under legal holds (the holds in SQLite or PostgreSQL, the chat store the
Designer serves): the chat runtime's own purge (its timer loop) and the retention purge keep a
session held by its id, its flow, its visitor id or its entry point, report what they kept, and
let it go once the hold is released."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from designer_ui.app import create_app
from designer_ui.chat.service import chat_service
from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from designer_ui.retention.schedule import ScheduledPurge
from designer_ui.retention.service import purge_expired
from runtime.sessions import ENDED, FLOW, FlowRef, Message, SessionNotFoundError, SessionRecord
from tests.designer_ui.helpers import Api

DAY = 86400.0
NOW = time.time()


def end_session(app: Flask, session_id: str, age_days: float, *, flow: str = "bank",
                entry_point: str = "web", visitor: str = "v-1") -> None:
    at = NOW - age_days * DAY
    record = SessionRecord(id=session_id, flow=FlowRef(flow, "1", "live", entry_point),
                           channel="chat", state={}, status=ENDED, created_at=at, updated_at=at,
                           meta={"visitor_id": visitor})
    chat_service(app).runtime.store.create(record, [Message(FLOW, "text", "Goodbye", at)])


def left(app: Flask, ids: dict[str, str]) -> set[str]:
    store, found = chat_service(app).runtime.store, set()
    for name, session_id in ids.items():
        try:
            store.load(session_id)
        except SessionNotFoundError:
            continue
        found.add(name)
    return found


@pytest.fixture
def sessions(app: Flask) -> dict[str, str]:
    tag = uuid.uuid4().hex[:10]
    ids = {name: f"{name}-{tag}" for name in ("held", "loans", "vip", "entry", "free", "recent")}
    end_session(app, ids["held"], 200)
    end_session(app, ids["loans"], 200, flow=f"loans-{tag}")
    end_session(app, ids["vip"], 200, visitor=f"v-{tag}")
    end_session(app, ids["entry"], 200, entry_point=f"entry-{tag}")
    end_session(app, ids["free"], 200)
    end_session(app, ids["recent"], 10)
    return ids


@pytest.mark.parametrize(("kind", "name", "value"), [
    ("interaction", "held", "{held}"), ("flow", "loans", "loans-{tag}"),
    ("number", "vip", "v-{tag}"), ("number", "entry", "entry-{tag}")])
def test_the_runtime_purge_keeps_held_transcripts(app: Flask, admin: Api,
                                                  sessions: dict[str, str], kind: str,
                                                  name: str, value: str) -> None:
    tag = sessions["held"].rsplit("-", 1)[1]
    held_value = value.format(held=sessions["held"], tag=tag)
    hold = admin.post("legal-holds", json={"kind": kind, "value": held_value, "reason": "r"})
    assert hold.status_code == 201 and hold.json is not None, hold.json
    store = chat_service(app).runtime.host.store  # what the chat timer loop purges with
    report = store.purge_transcripts_report(now=NOW)
    assert report.held == 1 and report.purged >= 4
    assert left(app, sessions) == {name, "recent"}
    assert chat_service(app).runtime.store.messages_after(sessions[name])[0].text == "Goodbye"

    assert admin.delete(f"legal-holds/{hold.json['id']}").status_code == 204
    assert store.purge_transcripts(now=NOW) >= 1
    assert left(app, sessions) == {"recent"}


def test_the_retention_purge_reports_chat_and_analytics(app: Flask, admin: Api,
                                                        sessions: dict[str, str]) -> None:
    hold = admin.post("legal-holds", json={"kind": "interaction", "value": sessions["held"],
                                           "reason": "case 9"})
    assert hold.status_code == 201 and hold.json is not None, hold.json
    dry = purge_expired(app, dry_run=True)
    assert dry.chat is not None and dry.chat.held_sessions == 1 and dry.chat.sessions >= 4
    assert left(app, sessions) == set(sessions)
    report = purge_expired(app)
    assert report.chat is not None and report.analytics is not None
    assert report.chat.held_sessions == 1 and report.chat.sessions >= 4
    assert left(app, sessions) == {"held", "recent"}
    lines = report.summary().splitlines()
    assert lines[0].startswith("Deleted 0 call records")
    assert lines[-2].startswith("Analytics: deleted 0 sessions")
    assert lines[-1].startswith(f"Chat: deleted {report.chat.sessions} sessions")
    assert lines[-1].endswith("1 sessions kept by legal holds.")
    entries = admin.get("audit?action=retention.purge").json
    assert entries is not None
    entry = entries[0]
    assert entry["details"]["chat"]["held_sessions"] == 1
    assert entry["details"]["analytics"]["held_sessions"] == 0


def test_an_unreachable_chat_store_fails_only_its_part(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "TESTING": True,
                      "SESSION_STORE": "redis://127.0.0.1:1/0"})  # nothing listens on port 1
    report = purge_expired(app)
    assert report.chat is None and report.analytics is not None
    assert len(report.errors) == 1 and report.errors[0].startswith("chat: ")
    assert report.summary().splitlines()[-1].startswith("Failed: chat: ")
    with app.app_context():
        entry = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "retention.purge")).scalar_one()
        assert entry.details["errors"] == report.errors
        db.engine.dispose()


def test_the_scheduled_purge_reports_every_part(app: Flask, admin: Api, sessions: dict[str, str],
                                                caplog: pytest.LogCaptureFixture) -> None:
    hold = admin.post("legal-holds", json={"kind": "interaction", "value": sessions["vip"],
                                           "reason": "case 10"})
    assert hold.status_code == 201, hold.json
    caplog.set_level(logging.INFO, logger="designer_ui.retention")
    assert ScheduledPurge(app, DAY, "node-a").run_once(datetime.now(UTC)) is True
    assert left(app, sessions) == {"vip", "recent"}
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Analytics: deleted 0 sessions" in logged
    assert "1 sessions kept by legal holds." in logged.splitlines()[-1]
    entries = admin.get("audit?action=retention.purge").json
    assert entries is not None and entries[0]["details"]["by"] == "schedule"
    assert entries[0]["details"]["chat"]["held_sessions"] == 1
