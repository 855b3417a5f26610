"""Call detail records: one row per call, written when the call and its session are over.

A record says who called which number, which flow (and version) answered, when the call was
offered, answered and ended, the blocks it went through, the keys pressed (masked for secure
inputs such as PINs), its recordings and transfers, and how it ended. The store is pluggable
(`module:function` in the settings); the default is a SQLite file that every worker of a
machine writes to (WAL mode, short transactions).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from runtime.voice.flows import load_factory


@dataclass
class CallDetailRecord:
    id: str
    sip_call_id: str
    ani: str
    dnis: str
    worker: int
    started_at: float
    flow_id: str | None = None
    flow_version: str | None = None
    environment: str = ""
    answered_at: float | None = None
    ended_at: float | None = None
    disposition: str = ""
    ended_by: str = ""
    sip_status: int | None = None
    path: list[str] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)
    dtmf: list[dict[str, Any]] = field(default_factory=list)
    recordings: list[dict[str, Any]] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class CdrStore(Protocol):
    def save(self, record: CallDetailRecord) -> None:
        ...

    def close(self) -> None:
        ...


JSON_COLUMNS = ("path", "milestones", "dtmf", "recordings", "transfers", "metrics")
COLUMNS = ("id", "sip_call_id", "ani", "dnis", "worker", "started_at", "flow_id", "flow_version",
           "environment", "answered_at", "ended_at", "disposition", "ended_by", "sip_status",
           *JSON_COLUMNS)
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS voice_cdrs (
    {", ".join(f"{name} TEXT" if name != "id" else "id TEXT PRIMARY KEY" for name in COLUMNS)}
);
CREATE INDEX IF NOT EXISTS voice_cdrs_started ON voice_cdrs (started_at);
"""


class SqliteCdrStore:
    def __init__(self, path: str | Path):
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=30000")
        _with_retries(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
        _with_retries(lambda: self._db.executescript(SCHEMA))

    def save(self, record: CallDetailRecord) -> None:
        data = record.to_json()
        values = [json.dumps(data[name]) if name in JSON_COLUMNS else data[name]
                  for name in COLUMNS]
        placeholders = ", ".join("?" for _ in COLUMNS)
        with self._lock:
            self._db.execute(f"INSERT OR REPLACE INTO voice_cdrs ({', '.join(COLUMNS)}) "
                             f"VALUES ({placeholders})", values)

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self._db.execute(f"SELECT {', '.join(COLUMNS)} FROM voice_cdrs "
                                      "ORDER BY started_at")
            rows = cursor.fetchall()
        return [record_from_row(row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def record_from_row(row: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(COLUMNS, row))
    for name in JSON_COLUMNS:
        record[name] = json.loads(record[name]) if record[name] else None
    for name in ("worker", "sip_status"):
        if record[name] is not None:
            record[name] = int(record[name])
    for name in ("started_at", "answered_at", "ended_at"):
        if record[name] is not None:
            record[name] = float(record[name])
    return record


def read_cdrs(path: str | Path) -> list[dict[str, Any]]:
    """Every record in a SQLite CDR file, oldest first (tests, reports)."""
    store = SqliteCdrStore(path)
    try:
        return store.all()
    finally:
        store.close()


def open_cdr_store(spec: str) -> CdrStore:
    """A SQLite path, or `module:function` returning a store (the Designer DB later)."""
    if ":" in spec and not spec.startswith(("/", ".")) and "." in spec.partition(":")[0] \
            and not spec.endswith(".db"):
        store: CdrStore = load_factory(spec)()
        return store
    return SqliteCdrStore(spec)


def _with_retries(action: Callable[[], object], attempts: int = 20) -> None:
    """Workers open a new CDR file at the same moment; switching it to WAL can briefly find it
    locked by a sibling (the busy timeout does not cover that switch), so try a few times."""
    for attempt in range(attempts):
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
