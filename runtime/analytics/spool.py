"""The writer's on-disk companion: what a runtime killed mid-stream had not yet written.

A writer owns one *slot* in the spool folder (`{name}-{n}.state` + `{name}-{n}.journal`), held
with an exclusive `flock` for as long as it runs, so workers sharing a folder never share a
slot and a restarted process takes over the slot its predecessor left.

- The **state file** is memory-mapped. Counting costs a memory write, not a system call, yet
  the kernel keeps the page when the process dies: `accepted` (events taken from the host),
  `written` (committed to the database), `journaled` (in the journal right now), `clean` (1
  after an orderly stop) and the owner's pid.
- The **journal** holds the batch being written, from just before the database transaction
  until its commit: one JSON line per engine step, `{"context": {...}, "ts": …, "events":
  [[seq, kind, block, module, data], ...]}` (context and time once, not once per event). A
  batch cut off by a crash is replayed on the next start; the event ids (`session_id:seq`)
  make the replay harmless when the commit had in fact happened. Lines of the older form (one
  event with its context per line) are read too.

Neither file is `fsync`ed: both survive the death of the process (the kernel keeps the pages
and writes them back later), which is what the spool is for, but not a power cut or a kernel
crash, where the last seconds of analytics may go. An `fsync` per batch would cost a
synchronous disk flush several times a second in every server process.

On the next start, `open()` reports the previous run: the journal's events (to replay) and how
many events were lost: accepted but neither written nor journaled, i.e. still in the writer's
memory queue, at most one batch window's worth.
"""

from __future__ import annotations

import fcntl
import json
import logging
import mmap
import os
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.analytics.context import AnalyticsContext
from runtime.analytics.records import EventRecord

log = logging.getLogger(__name__)
MAGIC = b"CFDANL01"
LAYOUT = struct.Struct("<8sqqqqq")
COUNTER = struct.Struct("<q")
PID, ACCEPTED, WRITTEN, JOURNALED, CLEAN = 1, 2, 3, 4, 5
MAX_SLOTS = 256


@dataclass(frozen=True)
class Recovery:
    """What the previous owner of this slot left behind."""

    previous_pid: int = 0
    clean: bool = True
    replay: list[EventRecord] = field(default_factory=list)
    lost: int = 0

    @property
    def needed(self) -> bool:
        return not self.clean or bool(self.replay) or self.lost > 0


class Spool:
    def __init__(self, directory: str | Path, name: str = "writer"):
        self.directory = Path(directory)
        self.name = name
        self.slot: int | None = None
        self._lock_fd: int | None = None
        self._map: mmap.mmap | None = None
        self._journal: Path | None = None
        self._journal_fd: int | None = None
        self._values = [0] * 6

    # -- opening and closing -------------------------------------------------------------

    def open(self) -> Recovery:
        self.directory.mkdir(parents=True, exist_ok=True)
        for slot in range(MAX_SLOTS):
            path = self.directory / f"{self.name}-{slot}.state"
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.slot, self._lock_fd = slot, fd
            self._journal = self.directory / f"{self.name}-{slot}.journal"
            recovery = self._take_over(fd)
            return recovery
        raise RuntimeError(f"all {MAX_SLOTS} analytics spool slots in {self.directory} are in use")

    def _take_over(self, fd: int) -> Recovery:
        if os.fstat(fd).st_size < LAYOUT.size:
            os.ftruncate(fd, LAYOUT.size)
        self._map = mmap.mmap(fd, LAYOUT.size)
        magic, pid, accepted, written, journaled, clean = LAYOUT.unpack_from(self._map)
        replay = self._read_journal()
        recovery = Recovery()
        if magic == MAGIC:
            lost = max(0, accepted - written - journaled)
            recovery = Recovery(previous_pid=pid, clean=bool(clean), replay=replay, lost=lost)
        elif replay:
            recovery = Recovery(clean=False, replay=replay)
        self._values = [0, os.getpid(), 0, 0, 0, 0]
        LAYOUT.pack_into(self._map, 0, MAGIC, *self._values[1:])
        assert self._journal is not None
        self._journal_fd = os.open(self._journal, os.O_RDWR | os.O_CREAT, 0o640)
        return recovery

    def _read_journal(self) -> list[EventRecord]:
        assert self._journal is not None
        if not self._journal.exists():
            return []
        records: list[EventRecord] = []
        contexts: dict[tuple[tuple[str, Any], ...], AnalyticsContext] = {}
        with self._journal.open("rb") as handle:
            for line in handle:
                if not line.strip():
                    continue
                try:
                    records.extend(_journal_line(json.loads(line), contexts))
                except (ValueError, KeyError, TypeError, IndexError):
                    log.warning("analytics spool: skipped a damaged journal line in %s",
                                self._journal)
        return records

    def close(self, *, clean: bool) -> None:
        if self._map is None:
            return
        if clean:
            self._set(CLEAN, 1)
        self._map.flush()
        self._map.close()
        self._map = None
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- counting ------------------------------------------------------------------------

    def _set(self, index: int, value: int) -> None:
        self._values[index] = value
        if self._map is not None:
            COUNTER.pack_into(self._map, 8 * index, value)

    def accepted(self, count: int) -> None:
        self._set(ACCEPTED, self._values[ACCEPTED] + count)

    def journal(self, records: Sequence[EventRecord]) -> None:
        """Keep the batch about to be written until it is committed (replaces the last one)."""
        fd = self._journal_fd
        assert fd is not None
        payload = journal_payload(records)
        os.ftruncate(fd, 0)
        written = 0
        while written < len(payload):
            written += os.pwrite(fd, payload[written:], written)
        self._set(JOURNALED, len(records))

    def committed(self, count: int) -> None:
        """The journaled batch is in the database: count it and empty the journal."""
        self._set(WRITTEN, self._values[WRITTEN] + count)
        self._set(JOURNALED, 0)
        assert self._journal_fd is not None
        os.ftruncate(self._journal_fd, 0)

    def counters(self) -> dict[str, int]:
        return {"accepted": self._values[ACCEPTED], "written": self._values[WRITTEN],
                "journaled": self._values[JOURNALED]}


_encode = json.JSONEncoder(separators=(",", ":")).encode


def journal_payload(records: Sequence[EventRecord]) -> bytes:
    """The journal's text: one line per run of records with the same context and time stamp
    (the engine stamps a step once, so a line is usually a step). Writing the context and the
    time once per line rather than per event makes the journal about five times cheaper."""
    lines: list[str] = []
    context: AnalyticsContext | None = None
    ts = 0.0
    rows: list[tuple[Any, ...]] = []
    for record in records:
        if record.context is not context or record.ts != ts:
            if context is not None:
                lines.append(_encode({"context": context.to_json(), "ts": ts, "events": rows}))
            context, ts, rows = record.context, record.ts, []
        rows.append((record.seq, record.kind, record.block, record.module, record.data))
    if context is not None:
        lines.append(_encode({"context": context.to_json(), "ts": ts, "events": rows}))
    lines.append("")
    return "\n".join(lines).encode()


def _journal_line(line: Mapping[str, Any],
                  contexts: dict[tuple[tuple[str, Any], ...], AnalyticsContext]
                  ) -> list[EventRecord]:
    raw_context = line["context"]
    if "events" not in line:  # the older form: one event and its context per line
        return [EventRecord.from_json(line)]
    key = tuple(sorted(raw_context.items()))
    context = contexts.get(key)
    if context is None:
        context = contexts[key] = AnalyticsContext.from_mapping(raw_context)
    ts = float(line["ts"])
    return [EventRecord(context, int(seq), str(kind), block, ts, module, data)
            for seq, kind, block, module, data in line["events"]]
