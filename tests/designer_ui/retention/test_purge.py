"""The retention purge of call records and recordings (SQLite and PostgreSQL): by age, with
calendar months, skipping calls under a legal hold until it is released, deleting recording
files with their rows, and reporting what it removed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import AuditEntry, VoiceCallRecord
from designer_ui.retention.service import purge_expired
from designer_ui.voice_cdrs import DesignerCdrStore
from runtime.voice.cdr import CallDetailRecord
from tests.designer_ui.helpers import Api

NOW = datetime(2026, 5, 31, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(app: Flask) -> Iterator[DesignerCdrStore]:
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    cdrs = DesignerCdrStore(app.config["SQLALCHEMY_DATABASE_URI"], **options)
    yield cdrs
    cdrs.close()


@pytest.fixture
def settings(app: Flask) -> Iterator[dict[str, Any]]:
    saved = {key: app.config[key] for key in ("CALL_RECORD_RETENTION", "RECORDING_RETENTION",
                                              "RETENTION_PURGE_BATCH")}
    yield app.config
    app.config.update(saved)


def save_call(store: DesignerCdrStore, folder: Path, name: str, age: timedelta, *,
              recordings: int = 1, **fields: Any) -> list[Path]:
    """A call started `age` before NOW with `recordings` WAV files on disk."""
    files = []
    for number in range(recordings):
        path = folder / f"{name}r{number}.wav"
        path.write_bytes(b"RIFF....WAVE")
        files.append(path)
    started = (NOW - age).timestamp()
    record = CallDetailRecord(
        id=name, sip_call_id=f"sip-{name}", ani=fields.pop("ani", "+15550001"),
        dnis=fields.pop("dnis", "+18005550100"), worker=1, started_at=started,
        flow_id=fields.pop("flow_id", "bank"), flow_version="1", environment="live",
        answered_at=started + 1, ended_at=started + 30, disposition="self_service",
        recordings=[{"id": path.stem, "block": "voicemail", "path": str(path),
                     "duration_ms": 1000} for path in files])
    store.save(record)
    return files


def call_ids(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.execute(db.select(VoiceCallRecord.id)).scalars())


def test_records_and_files_go_after_ninety_days_by_default(
        app: Flask, store: DesignerCdrStore, tmp_path: Path) -> None:
    assert app.config["CALL_RECORD_RETENTION"] == "90 days"
    assert app.config["RECORDING_RETENTION"] == "90 days"
    old = save_call(store, tmp_path, "old", timedelta(days=91), recordings=2)
    recent = save_call(store, tmp_path, "recent", timedelta(days=89))

    dry = purge_expired(app, now=NOW, dry_run=True)
    assert (dry.call_records, dry.recordings, dry.recording_files) == (1, 2, 2)
    assert call_ids(app) == {"old", "recent"} and all(path.exists() for path in old)

    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recordings, report.recording_files,
            report.held_calls) == (1, 2, 2, 0)
    assert report.call_record_cutoff == "2026-03-02T12:00:00Z"
    assert call_ids(app) == {"recent"}
    assert not any(path.exists() for path in old) and recent[0].exists()
    with app.app_context():
        entry = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "retention.purge")).scalar_one()
    assert entry.details["call_records"] == 1 and entry.details["recording_files"] == 2
    assert entry.details["by"] == "cli" and entry.details["dry_run"] is False


def test_months_are_calendar_months(app: Flask, store: DesignerCdrStore, tmp_path: Path,
                                    settings: dict[str, Any]) -> None:
    settings["CALL_RECORD_RETENTION"] = settings["RECORDING_RETENTION"] = "3 months"
    # 31 May less three calendar months is 28 February (92 days), not 90 days back
    save_call(store, tmp_path, "d91", timedelta(days=91))
    save_call(store, tmp_path, "d93", timedelta(days=93))
    report = purge_expired(app, now=NOW)
    assert report.call_record_cutoff == "2026-02-28T12:00:00Z"
    assert report.call_records == 1 and call_ids(app) == {"d91"}


def test_recordings_purge_on_their_own_retention(app: Flask, store: DesignerCdrStore,
                                                 tmp_path: Path,
                                                 settings: dict[str, Any]) -> None:
    settings["CALL_RECORD_RETENTION"] = "12 months"
    settings["RECORDING_RETENTION"] = "30 days"
    files = save_call(store, tmp_path, "c1", timedelta(days=40))
    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recordings, report.recording_files) == (0, 1, 1)
    assert not files[0].exists()
    with app.app_context():
        call = db.session.get(VoiceCallRecord, "c1")
        assert call is not None
        assert call.recordings == [{"id": files[0].stem, "block": "voicemail",
                                    "duration_ms": 1000, "purged": True}]
    assert purge_expired(app, now=NOW).recordings == 0  # nothing twice


def test_a_call_record_waits_for_its_recordings(app: Flask, store: DesignerCdrStore,
                                                tmp_path: Path,
                                                settings: dict[str, Any]) -> None:
    settings["CALL_RECORD_RETENTION"] = "30 days"
    settings["RECORDING_RETENTION"] = "6 months"
    files = save_call(store, tmp_path, "c1", timedelta(days=40))
    save_call(store, tmp_path, "c2", timedelta(days=40), recordings=0)
    report = purge_expired(app, now=NOW)
    assert report.call_records == 1 and call_ids(app) == {"c1"} and files[0].exists()


@pytest.mark.parametrize(("kind", "value"), [("interaction", "held"),
                                             ("interaction", "sip-held"),
                                             ("flow", "loans"), ("number", "+15559999")])
def test_a_legal_hold_stops_purging_until_released(
        app: Flask, store: DesignerCdrStore, tmp_path: Path, admin: Api, kind: str,
        value: str) -> None:
    held = save_call(store, tmp_path, "held", timedelta(days=400), flow_id="loans",
                     ani="+15559999")
    save_call(store, tmp_path, "free", timedelta(days=400))
    hold = admin.post("legal-holds", json={"kind": kind, "value": value, "reason": "case 42"})
    assert hold.status_code == 201, hold.json

    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.held_calls) == (1, 1)
    assert call_ids(app) == {"held"} and held[0].exists()
    assert purge_expired(app, now=NOW).held_calls == 1  # still held on the next run

    assert admin.delete(f"legal-holds/{hold.json['id']}").status_code == 204
    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recording_files, report.held_calls) == (1, 1, 0)
    assert call_ids(app) == set() and not held[0].exists()


def test_a_row_cannot_make_the_purge_delete_other_files(
        app: Flask, store: DesignerCdrStore, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    record = CallDetailRecord(id="evil", sip_call_id="x", ani="", dnis="", worker=1,
                              started_at=(NOW - timedelta(days=100)).timestamp(),
                              recordings=[{"id": "abc", "path": str(precious)},
                                          {"id": "../precious", "path": str(precious)}])
    store.save(record)
    report = purge_expired(app, now=NOW)
    assert report.call_records == 1 and report.failed_files == 2
    assert precious.read_text() == "keep me"


def test_many_calls_purge_in_batches(app: Flask, store: DesignerCdrStore, tmp_path: Path,
                                     settings: dict[str, Any]) -> None:
    settings["RETENTION_PURGE_BATCH"] = 3
    for number in range(8):
        save_call(store, tmp_path, f"c{number}", timedelta(days=100 + number % 2),
                  recordings=number % 2)
    save_call(store, tmp_path, "held", timedelta(days=100), flow_id="keep")
    with app.app_context():
        from designer_ui.models import LegalHold

        db.session.add(LegalHold(kind="flow", value="keep", reason="audit"))
        db.session.commit()
    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recording_files, report.held_calls) == (8, 4, 1)
    assert call_ids(app) == {"held"}
