"""The retention purge of call records and recordings, used by `designer retention purge` and
by the scheduled purge of the server (which also purge analytics and chat transcripts, see
`service`, and add what those removed to the report).

A call record goes once it is older than CALL_RECORD_RETENTION and its recordings (if any) are
older than RECORDING_RETENTION; a recording older than RECORDING_RETENTION goes on its own (its
WAV file is deleted and the record keeps `{"id", "block", "duration_ms", "purged": true}`).
A call that a legal hold names, by interaction, flow or number, is skipped and counted.

Rows are handled in batches, each in its own transaction; recording files are deleted after
their batch has committed, so a failed transaction never leaves a row pointing at a missing
file. Only files named `<recording id>.wav` are deleted: the path comes from the row, and a row
is not trusted to name any other file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa

from designer_ui.models.calls import VoiceCallRecord
from designer_ui.retention.holds import HeldValues
from designer_ui.retention.report import AnalyticsPurged, ChatPurged
from designer_ui.retention.settings import Period

log = logging.getLogger("designer_ui.retention")
CALLS = cast(sa.Table, VoiceCallRecord.__table__)
RECORDING_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
COLUMNS = (CALLS.c.id, CALLS.c.sip_call_id, CALLS.c.ani, CALLS.c.dnis, CALLS.c.flow_id,
           CALLS.c.started_at, CALLS.c.recordings)


@dataclass
class PurgeReport:
    """What a purge removed (or, dry, would remove), and what holds kept."""

    dry_run: bool
    call_record_cutoff: str
    recording_cutoff: str
    call_records: int = 0
    recordings: int = 0
    recording_files: int = 0
    held_calls: int = 0
    missing_files: int = 0
    failed_files: int = 0
    analytics: AnalyticsPurged | None = None
    """What the analytics purge removed and holds kept (None when it did not run)."""
    chat: ChatPurged | None = None
    """What the chat transcript purge removed and holds kept (None when no chat is served)."""
    errors: list[str] = field(default_factory=list)
    """Parts that failed (the others still ran), e.g. `chat: <why>`."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line per purge: what each removed (or, dry, would remove) and what holds kept."""
        verb = "Would delete" if self.dry_run else "Deleted"
        lines = [f"{verb} {self.call_records} call records (older than "
                 f"{self.call_record_cutoff}) and {self.recordings} recordings "
                 f"({self.recording_files} files; older than {self.recording_cutoff}); "
                 f"{self.held_calls} calls kept by legal holds."]
        if self.missing_files or self.failed_files:
            lines.append(f"Recording files: {self.missing_files} already missing, "
                         f"{self.failed_files} refused or failed (see the log).")
        lines += [part.summary(verb) for part in (self.analytics, self.chat) if part is not None]
        lines += [f"Failed: {error}" for error in self.errors]
        return "\n".join(lines)


def _live(recordings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [item for item in recordings or [] if isinstance(item, dict) and not item.get("purged")]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def purge_calls(engine: sa.Engine, *, call_records: Period, recordings: Period,
                now: datetime | None = None, dry_run: bool = False,
                batch: int = 500) -> PurgeReport:
    """Delete expired call records and recordings that no legal hold keeps."""
    moment = now or datetime.now(UTC)
    record_cutoff = call_records.before(moment).timestamp()
    recording_cutoff = recordings.before(moment).timestamp()
    report = PurgeReport(dry_run, _iso(call_records.before(moment)),
                         _iso(recordings.before(moment)))
    oldest_kept = max(record_cutoff, recording_cutoff)
    after: tuple[float, str] | None = None
    while True:
        query = sa.select(*COLUMNS).where(CALLS.c.started_at < oldest_kept)
        if after is not None:
            query = query.where(sa.or_(CALLS.c.started_at > after[0], sa.and_(
                CALLS.c.started_at == after[0], CALLS.c.id > after[1])))
        files: list[tuple[str, str]] = []
        with engine.connect() if dry_run else engine.begin() as conn:
            held = HeldValues.load(conn)
            rows = conn.execute(query.order_by(CALLS.c.started_at, CALLS.c.id)
                                .limit(batch)).mappings().all()
            for row in rows:
                files += _purge_one(conn, row, held, report, record_cutoff, recording_cutoff)
        for recording_id, path in files:
            _delete_file(recording_id, path, report, dry_run)
        if len(rows) < batch:
            return report
        after = (rows[-1]["started_at"], rows[-1]["id"])


def _purge_one(conn: sa.Connection, row: sa.RowMapping, held: HeldValues, report: PurgeReport,
               record_cutoff: float, recording_cutoff: float) -> list[tuple[str, str]]:
    """Purge one call's row and/or recordings; returns the files to delete after commit."""
    if held.keeps(row):
        report.held_calls += 1
        return []
    live = _live(row["recordings"])
    recordings_expired = row["started_at"] < recording_cutoff
    files = [(str(item.get("id", "")), str(item.get("path", ""))) for item in live]
    if row["started_at"] < record_cutoff and (not live or recordings_expired):
        conn.execute(CALLS.delete().where(CALLS.c.id == row["id"]))
        report.call_records += 1
        report.recordings += len(live)
        return files
    if recordings_expired and live:
        kept = [item if item not in live else
                {"id": item.get("id"), "block": item.get("block"),
                 "duration_ms": item.get("duration_ms"), "purged": True}
                for item in row["recordings"]]
        conn.execute(CALLS.update().where(CALLS.c.id == row["id"]).values(recordings=kept))
        report.recordings += len(live)
        return files
    return []


def _delete_file(recording_id: str, path: str, report: PurgeReport, dry_run: bool) -> None:
    if not path:
        return
    file = Path(path)
    if not RECORDING_ID.match(recording_id) or file.name != f"{recording_id}.wav":
        report.failed_files += 1
        log.warning("retention: not deleting %r: not the file of recording %r", path,
                    recording_id)
        return
    if not file.is_file():
        report.missing_files += 1
        return
    if dry_run:
        report.recording_files += 1
        return
    try:
        file.unlink()
    except OSError as exc:
        report.failed_files += 1
        log.error("retention: could not delete %s: %s", path, exc)
        return
    report.recording_files += 1
