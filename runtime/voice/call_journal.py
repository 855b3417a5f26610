"""What a worker's calls were, kept on disk so their end is recorded even if the worker dies.

A worker killed with SIGKILL takes its calls' sessions with it: nobody would write their call
records or close their analytics sessions. So a worker writes one small file per answered call
into its journal folder (`<instance>/journal/worker-<i>/`): the first line, written and fsync'd
when it answers, says who called which flow; every batch of analytics events adds a line with
the session id and the last event number (the file stays open for the call, so a line is one
write). The file is removed when the call's session is over.
When the supervisor sees the worker die it reads what is left (`settle_lost_calls`), writes a
call record with disposition `worker_lost` and a `session_end` event for each, and removes the
files. Reading is bounded: at most `MAX_FILES` files of at most `MAX_FILE_BYTES` each.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interpreter.engine.effects import AnalyticsEvent
from runtime.voice.analytics import AnalyticsSink
from runtime.voice.cdr import CallDetailRecord, CdrStore

log = logging.getLogger(__name__)
MAX_FILES = 64
MAX_FILE_BYTES = 256 * 1024
LOST = "worker_lost"


def journal_folder(instance: Path, worker: int) -> Path:
    return instance / "journal" / f"worker-{worker}"


def _file_name(call_id: str) -> str:
    """Call-IDs come from callers: hashed, they cannot name a path outside the folder."""
    return hashlib.sha256(call_id.encode("utf-8", "replace")).hexdigest()[:32] + ".jsonl"


class CallJournal:
    """The journal of one worker's live calls."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._last_seq: dict[str, int] = {}
        self._files: dict[str, int] = {}
        """The open journal file (its descriptor) of each answered call."""

    def answered(self, *, call_id: str, ani: str, dnis: str, worker: int, started_at: float,
                 answered_at: float, flow: str, version: str, environment: str,
                 entry_point: str | None) -> None:
        entry = {"call_id": call_id, "ani": ani, "dnis": dnis, "worker": worker,
                 "started_at": started_at, "answered_at": answered_at, "flow": flow,
                 "version": version, "environment": environment, "entry_point": entry_point}
        path = self.folder / _file_name(call_id)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o640)
        try:
            os.write(fd, (json.dumps(entry) + "\n").encode())
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._close_file(call_id)
        self._files[call_id] = fd

    def progressed(self, call_id: str, session_id: str, seq: int) -> None:
        """The session's latest analytics event (its `session_end` follows this number).
        One appended line; the page cache keeps it when the process is killed."""
        if seq <= self._last_seq.get(call_id, 0):
            return
        fd = self._files.get(call_id)
        if fd is None:
            return
        self._last_seq[call_id] = seq
        os.write(fd, (json.dumps({"session_id": session_id, "seq": seq}) + "\n").encode())

    def ended(self, call_id: str) -> None:
        self._last_seq.pop(call_id, None)
        self._close_file(call_id)
        (self.folder / _file_name(call_id)).unlink(missing_ok=True)

    def close(self) -> None:
        """The worker stops: the files of calls still up stay for the supervisor to settle."""
        for call_id in list(self._files):
            self._close_file(call_id)

    def _close_file(self, call_id: str) -> None:
        fd = self._files.pop(call_id, None)
        if fd is not None:
            os.close(fd)


class JournalingAnalytics:
    """The worker's analytics sink, noting each call's latest event in the journal too."""

    def __init__(self, sink: AnalyticsSink, journal: CallJournal):
        self.sink = sink
        self.journal = journal

    def publish(self, context: dict[str, Any], events: Sequence[AnalyticsEvent]) -> None:
        self.sink.publish(context, events)
        if events and context.get("call_id") and context.get("session_id"):
            self.journal.progressed(str(context["call_id"]), str(context["session_id"]),
                                    max(event.seq for event in events))

    def close(self) -> None:
        self.sink.close()


@dataclass(frozen=True, slots=True)
class LostCall:
    entry: dict[str, Any]
    session_id: str | None
    last_seq: int


def read_lost_calls(folder: Path) -> list[tuple[Path, LostCall | None]]:
    """Every journal file left in `folder`, with its call (None when unreadable)."""
    if not folder.is_dir():
        return []
    found: list[tuple[Path, LostCall | None]] = []
    for path in sorted(folder.glob("*.jsonl"))[:MAX_FILES]:
        found.append((path, _read(path)))
    return found


def _read(path: Path) -> LostCall | None:
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_FILE_BYTES).decode("utf-8", "replace")
        lines = text.splitlines()
        entry = json.loads(lines[0]) if lines else None
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("call_id"), str):
        return None
    session_id, last_seq = None, 0
    for line in lines[1:]:
        try:
            progress = json.loads(line)
            seq = int(progress["seq"])
            session = str(progress["session_id"])
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by the kill
        if seq > last_seq:
            session_id, last_seq = session, seq
    return LostCall(entry, session_id, last_seq)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object, default: float) -> float:
    return float(value) if isinstance(value, int | float) else default


def lost_call_record(call: LostCall, ended_at: float) -> CallDetailRecord:
    entry = call.entry
    call_id = entry["call_id"]
    answered = _number(entry.get("answered_at"), ended_at)
    return CallDetailRecord(
        id=call.session_id or f"lost-{call_id}", sip_call_id=call_id,
        ani=_text(entry.get("ani")), dnis=_text(entry.get("dnis")),
        worker=int(_number(entry.get("worker"), -1)),
        started_at=_number(entry.get("started_at"), answered), answered_at=answered,
        flow_id=_text(entry.get("flow")) or None, flow_version=_text(entry.get("version")) or None,
        environment=_text(entry.get("environment")), ended_at=ended_at, disposition=LOST,
        ended_by=LOST)


def settle_lost_calls(folder: Path, cdrs: CdrStore, analytics: AnalyticsSink,
                      ended_at: float) -> int:
    """Record the end of every call left in a dead worker's journal; how many there were."""
    settled = 0
    for path, call in read_lost_calls(folder):
        if call is not None:
            cdrs.save(lost_call_record(call, ended_at))
            if call.session_id is not None:
                entry = call.entry
                context = {"session_id": call.session_id, "call_id": entry["call_id"],
                           "flow": entry.get("flow"), "version": entry.get("version"),
                           "channel": "voice", "environment": entry.get("environment", ""),
                           "entry_point": entry.get("entry_point")}
                analytics.publish(context, [AnalyticsEvent(call.last_seq + 1, "session_end",
                                                           None, ended_at, {"reason": LOST})])
            settled += 1
        else:
            log.warning("voice: unreadable call journal %s", path.name)
        path.unlink(missing_ok=True)
    return settled
