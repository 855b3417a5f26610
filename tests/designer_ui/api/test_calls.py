"""Voice call detail records: the worker's store writes them into the Designer database and the
Calls API lists, filters, pages and exports them (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.app import create_app
from designer_ui.cli.serve import CDR_STORE
from designer_ui.extensions import db
from designer_ui.voice_cdrs import DesignerCdrStore, designer_cdr_store
from runtime.voice.cdr import CallDetailRecord, open_cdr_store
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def store(app: Flask) -> Iterator[DesignerCdrStore]:
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    cdrs = DesignerCdrStore(app.config["SQLALCHEMY_DATABASE_URI"], **options)
    yield cdrs
    cdrs.close()


def call(number: int, **overrides: Any) -> CallDetailRecord:
    record = CallDetailRecord(
        id=f"call-{number}", sip_call_id=f"sip-{number}@127.0.0.1", ani="+15550001",
        dnis="+18005550100", worker=1, started_at=T0 + number * 60, flow_id="bank",
        flow_version="3", environment="live", answered_at=T0 + number * 60 + 0.5,
        ended_at=T0 + number * 60 + 42.5, disposition="self_service", ended_by="flow",
        sip_status=200, path=["welcome", "menu", "pin", "balance"],
        milestones=["authenticated"],
        dtmf=[{"block": "menu", "digits": "1"}, {"block": "pin", "digits": "****"}],
        recordings=[{"id": "rec-1", "block": "voicemail", "path": "/tmp/r.wav",
                     "duration_ms": 3000}],
        transfers=[{"block": "agent", "kind": "route", "uri": "sip:q@127.0.0.1",
                    "mode": "refer", "status": "failed", "sip_status": 486}],
        metrics={"answer_to_audio_ms": 180.5, "dtmf_to_prompt_ms": [90.0, 110.0],
                 "ignored_keys": 1})
    for name, value in overrides.items():
        setattr(record, name, value)
    return record


def test_store_to_api_round_trip(store: DesignerCdrStore, developer: Api) -> None:
    store.save(call(1))
    store.save(call(2, flow_id="support", disposition="hangup", dtmf=[], recordings=[]))
    store.save(call(1, disposition="transferred"))  # a second save of a call replaces it
    listing = developer.get("calls").json
    assert listing["total"] == 2 and listing["offset"] == 0
    assert [c["id"] for c in listing["calls"]] == ["call-2", "call-1"]
    first = listing["calls"][1]
    assert first["started_at"] == "2026-03-02T09:01:00.000Z"
    assert first["answer_s"] == 0.5 and first["duration_s"] == 42.0
    assert first["disposition"] == "transferred" and first["keys"] == 2
    detail = developer.get("calls/call-1").json
    assert detail["path"] == ["welcome", "menu", "pin", "balance"]
    assert detail["dtmf"] == [{"block": "menu", "digits": "1"}, {"block": "pin", "digits": "****"}]
    assert detail["recordings"][0]["id"] == "rec-1"
    assert detail["transfers"][0]["sip_status"] == 486
    assert detail["milestones"] == ["authenticated"]
    assert detail["latencies"] == {"answer_to_audio_ms": 180.5, "dtmf_to_prompt_ms": [90.0, 110.0]}
    assert detail["metrics"] == {"ignored_keys": 1}
    assert developer.get("calls/nope").status_code == 404


def test_filters_and_pages(store: DesignerCdrStore, developer: Api) -> None:
    for number in range(5):
        store.save(call(number, flow_id="bank" if number % 2 else "support",
                        disposition="hangup" if number == 3 else "self_service"))
    store.save(CallDetailRecord(id="rejected-x", sip_call_id="x", ani="", dnis="+1999", worker=2,
                                started_at=T0 + 600, ended_at=T0 + 600, disposition="rejected",
                                ended_by="worker", sip_status=486))
    ids = lambda query: [c["id"] for c in developer.get(f"calls?{query}").json["calls"]]  # noqa: E731
    assert ids("flow=bank") == ["call-3", "call-1"]
    assert ids("disposition=hangup") == ["call-3"]
    assert ids("from=2026-03-02T09:02:00Z&to=2026-03-02T09:04:00Z") == ["call-3", "call-2"]
    assert ids("limit=2&offset=1") == ["call-4", "call-3"]
    rejected = developer.get("calls/rejected-x").json
    assert rejected["flow_id"] is None and rejected["answered_at"] is None
    assert rejected["path"] == [] and rejected["duration_s"] == 0.0
    bad = developer.get("calls?from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z")
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_query"
    assert developer.get("calls?limit=0").status_code == 400


def test_csv_export(store: DesignerCdrStore, business: Api) -> None:
    store.save(call(1))
    store.save(call(2, ani="=cmd|' /C calc'!A0"))
    response = business.get("calls?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="calls.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    assert [row["id"] for row in rows] == ["call-2", "call-1"]
    assert rows[0]["ani"].startswith("'=")  # no spreadsheet formulas
    assert rows[1]["path"] == "welcome>menu>pin>balance"
    assert rows[1]["dtmf"] == "menu:1 pin:****"
    one = business.get("calls/call-1?format=csv")
    assert one.mimetype == "text/csv" and len(one.data.decode().strip().splitlines()) == 2


@pytest.mark.parametrize(("roles", "allowed"), [
    (("developer",), True), (("business",), True), (("admin",), True),
    (("reviewer",), False), (("agent",), False)])
def test_roles(as_role: Callable[..., Api], store: DesignerCdrStore, roles: tuple[str, ...],
               allowed: bool) -> None:
    store.save(call(1))
    client = as_role(*roles)
    for path in ("calls", "calls/call-1", "calls?format=csv"):
        assert client.get(path).status_code == (200 if allowed else 403), path


def test_anonymous_is_refused(app: Flask) -> None:
    assert app.test_client().get("/api/v1/calls").status_code == 401


def test_factory_is_a_cdr_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The `--cdr` spec finds the Designer database by URL alone (an app of its own here, as
    the shared PostgreSQL fixture keeps its schema in connection options a URL cannot carry)."""
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "test"})
    developer = Api(app.test_client(), token=add_token(app, add_user(app, "cdr-dev",
                                                                     ["developer"])))
    monkeypatch.setenv("VOICE_CDR_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    cdrs = open_cdr_store(CDR_STORE)
    try:
        assert isinstance(cdrs, DesignerCdrStore)
        cdrs.save(call(7))
    finally:
        cdrs.close()
    assert developer.get("calls/call-7").json["dnis"] == "+18005550100"
    monkeypatch.delenv("VOICE_CDR_DATABASE_URL")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError):
        designer_cdr_store()
    with app.app_context():
        db.engine.dispose()


def test_openapi_documents_calls(app: Flask) -> None:
    paths = app.test_client().get("/api/v1/openapi.json").json["paths"]
    assert paths["/calls"]["get"]["x-roles"] == ["developer", "business"]
    assert "404" in paths["/calls/{call_id}"]["get"]["responses"]


def test_serve_starts_voice_with_the_designer_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from designer_ui.cli import serve

    started: dict[str, Any] = {}

    def fake_popen(command: list[str], env: dict[str, str]) -> Any:
        started.update(command=command, env=env)
        return None

    monkeypatch.setattr(serve.subprocess, "Popen", fake_popen)
    monkeypatch.delenv("VOICE_CDR_DATABASE_URL", raising=False)
    serve._start_voice("127.0.0.1", 5070, "sqlite:////tmp/designer.db", Path("/tmp/voice"),
                       key_env={"DESIGNER_BOT_CREDENTIALS_KEY_REQUIRED": "false"})
    command = started["command"]
    assert command[command.index("--instance") + 1] == "/tmp/voice"
    assert command[command.index("--admission-cpu") + 1] == str(serve.DEVELOPMENT_ADMISSION_CPU)
    assert started["env"]["DESIGNER_BOT_CREDENTIALS_KEY_REQUIRED"] == "false"
    assert command[command.index("--cdr") + 1] == CDR_STORE
    assert started["env"]["VOICE_CDR_DATABASE_URL"] == "sqlite:////tmp/designer.db"
