"""The retention purge of whole-call recordings (SQLite and PostgreSQL).

A recorded call's record lists its whole-call recording (`kind: "call"`, under
`recordings/calls/`) beside the messages of its `record` blocks. The entry and its WAV file
are made here by the worker's own `CallRecording` (with a pause for a secure input), and the
record is saved through the workers' Designer CDR store, as a worker with `record_calls` does.
The purge deletes an expired call's recording file with the record, or the file alone when
only recordings have expired; a legal hold on the call, its flow or its number keeps both
until it is released.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import VoiceCallRecord
from designer_ui.retention.service import purge_expired
from designer_ui.voice_cdrs import DesignerCdrStore
from runtime.voice.audio_files import tone, write_pcm
from runtime.voice.call_recording import CallRecording
from runtime.voice.cdr import CallDetailRecord
from tests.designer_ui.helpers import Api

NOW = datetime(2026, 5, 31, 12, 0, tzinfo=UTC)
CALLER, DIALLED, FLOW = "+15550420", "+18005550420", "card-line"


class WavPort:
    """What `CallRecording` asks of a call's port, writing the recording as a WAV file."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.muted: list[bool] = []

    def start_call_recording(self, path: Path) -> None:
        self.path = path

    def mute_call_recording(self, muted: bool) -> None:
        self.muted.append(muted)

    def stop_call_recording(self) -> None:
        assert self.path is not None
        write_pcm(self.path, tone(440, 300))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(app: Flask) -> Iterator[DesignerCdrStore]:
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    cdrs = DesignerCdrStore(app.config["SQLALCHEMY_DATABASE_URI"], **options)
    yield cdrs
    cdrs.close()


@pytest.fixture
def settings(app: Flask) -> Iterator[dict[str, Any]]:
    saved = {key: app.config[key] for key in ("CALL_RECORD_RETENTION", "RECORDING_RETENTION")}
    yield app.config
    app.config.update(saved)


def recorded_call(store: DesignerCdrStore, recordings_dir: Path, name: str, age: timedelta,
                  *, message: bool = False, **fields: str) -> list[Path]:
    """A call started `age` before NOW, recorded whole (a PIN's stretch silenced), with a
    voicemail message too when `message`; the files of its recordings."""
    clock, port = Clock(), WavPort()
    recording = CallRecording(port, clock)
    recording.start(recordings_dir)
    clock.now = 2.0
    recording.pause("ask_pin")
    clock.now = 5.0
    recording.resume()
    clock.now = 9.0
    entry = recording.stop()
    assert entry is not None and port.muted == [True, False]
    entries = [entry]
    if message:
        voicemail = recordings_dir / f"{name}-message.wav"
        write_pcm(voicemail, tone(660, 200))
        entries.append({"id": voicemail.stem, "block": "voicemail", "path": str(voicemail),
                        "duration_ms": 200})
    started = (NOW - age).timestamp()
    store.save(CallDetailRecord(
        id=name, sip_call_id=f"sip-{name}", ani=fields.get("ani", "+15550001"),
        dnis=fields.get("dnis", "+18005550100"), worker=0, started_at=started,
        flow_id=fields.get("flow_id", "bank"), flow_version="1", environment="live",
        answered_at=started + 1, ended_at=started + 10, disposition="self_service",
        recordings=entries))
    return [Path(item["path"]) for item in entries]


def stored_recordings(app: Flask, name: str) -> list[dict[str, Any]] | None:
    with app.app_context():
        call = db.session.get(VoiceCallRecord, name)
        return None if call is None else list(call.recordings)


def test_an_expired_call_loses_its_whole_call_recording(
        app: Flask, store: DesignerCdrStore, tmp_path: Path) -> None:
    old = recorded_call(store, tmp_path, "old", timedelta(days=91), message=True)
    recent = recorded_call(store, tmp_path, "recent", timedelta(days=89))
    whole = old[0]
    assert whole.parent == tmp_path / "calls" and whole.is_file()
    assert stored_recordings(app, "old") is not None

    dry = purge_expired(app, now=NOW, dry_run=True)
    assert (dry.call_records, dry.recordings, dry.recording_files) == (1, 2, 2)
    assert all(path.is_file() for path in old)

    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recordings, report.recording_files,
            report.failed_files, report.missing_files) == (1, 2, 2, 0, 0)
    assert not any(path.exists() for path in old)
    assert stored_recordings(app, "old") is None
    assert recent[0].is_file() and stored_recordings(app, "recent") is not None


def test_the_whole_call_recording_goes_on_its_own_retention(
        app: Flask, store: DesignerCdrStore, tmp_path: Path,
        settings: dict[str, Any]) -> None:
    settings["CALL_RECORD_RETENTION"] = "12 months"
    settings["RECORDING_RETENTION"] = "30 days"
    (whole,) = recorded_call(store, tmp_path, "c1", timedelta(days=40))
    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recordings, report.recording_files) == (0, 1, 1)
    assert not whole.exists()
    assert stored_recordings(app, "c1") == [
        {"id": whole.stem, "block": "", "duration_ms": 9000, "purged": True}]
    assert purge_expired(app, now=NOW).recordings == 0  # nothing twice


@pytest.mark.parametrize(("kind", "value"), [
    ("interaction", "held"), ("interaction", "sip-held"), ("flow", FLOW),
    ("number", CALLER), ("number", DIALLED)])
def test_a_held_call_keeps_its_whole_call_recording(
        app: Flask, store: DesignerCdrStore, tmp_path: Path, admin: Api, kind: str,
        value: str) -> None:
    held = recorded_call(store, tmp_path, "held", timedelta(days=400), message=True,
                         ani=CALLER, dnis=DIALLED, flow_id=FLOW)
    free = recorded_call(store, tmp_path, "free", timedelta(days=400))
    hold = admin.post("legal-holds", json={"kind": kind, "value": value, "reason": "case 7"})
    placed = hold.json
    assert hold.status_code == 201 and placed is not None, placed

    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recording_files, report.held_calls) == (1, 1, 1)
    assert all(path.is_file() for path in held) and not free[0].exists()
    kept = stored_recordings(app, "held")
    assert kept is not None and kept[0]["kind"] == "call"
    assert kept[0]["paused"] == [{"block": "ask_pin", "from_ms": 2000, "to_ms": 5000}]

    assert admin.delete(f"legal-holds/{placed['id']}").status_code == 204
    report = purge_expired(app, now=NOW)
    assert (report.call_records, report.recording_files, report.held_calls) == (1, 2, 0)
    assert not any(path.exists() for path in held)
    assert stored_recordings(app, "held") is None
