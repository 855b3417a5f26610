"""`designer retention purge [--dry-run]` and `status` report what they remove and keep."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from designer_ui.cli import main
from designer_ui.voice_cdrs import DesignerCdrStore
from runtime.voice.cdr import CallDetailRecord


def test_purge_and_status_from_the_command_line(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DESIGNER_CALL_RECORD_RETENTION", "2 months")
    runner = CliRunner()
    status = runner.invoke(main, ["retention", "status"])
    assert status.exit_code == 0, status.output
    assert json.loads(status.output)["call_record_retention"] == "2 months"
    store = DesignerCdrStore(f"sqlite:///{tmp_path / 'designer.sqlite3'}")
    now = datetime.now(UTC)
    for name, days in (("old", 70), ("new", 10)):
        store.save(CallDetailRecord(id=name, sip_call_id=name, ani="1", dnis="2", worker=1,
                                    started_at=(now - timedelta(days=days)).timestamp()))
    store.close()

    dry = runner.invoke(main, ["retention", "purge", "--dry-run"])
    assert dry.exit_code == 0 and dry.output.startswith("Would delete 1 call records")
    assert "\nAnalytics: would delete 0 sessions" in dry.output, dry.output
    assert "\nChat: would delete 0 sessions" in dry.output, dry.output
    done = runner.invoke(main, ["retention", "purge", "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert report["call_records"] == 1 and report["held_calls"] == 0
    assert report["analytics"]["sessions"] == 0 and report["analytics"]["held_sessions"] == 0
    assert report["chat"] == {"cutoff": report["chat"]["cutoff"], "sessions": 0,
                              "held_sessions": 0}
    after = json.loads(runner.invoke(main, ["retention", "status"]).output)
    assert after["call_records"] == 1 and after["legal_holds"] == []

    monkeypatch.setenv("DESIGNER_RECORDING_RETENTION", "soon")
    bad = runner.invoke(main, ["retention", "purge"])
    assert bad.exit_code != 0 and "RECORDING_RETENTION" in str(bad.exception)
