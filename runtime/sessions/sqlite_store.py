"""The default session store: one SQLite file, shared safely by threads and processes.

WAL mode lets readers run beside the one writer; every write is a short `BEGIN IMMEDIATE`
transaction, so the version check (`UPDATE … WHERE version = ?`) and the transcript rows of a
step commit together or not at all. `synchronous=FULL` makes a saved step survive a crash of
the process and of the machine.

Connections are pooled, not kept per thread: under an event loop (gunicorn's gevent workers)
every request is a new green thread, and a connection per thread would never be closed. Every
save also appends a row to `chat_news` in the same transaction: the feed that streams in other
processes follow (`news_after`) instead of polling each session.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from runtime.sessions.codec import dump_json
from runtime.sessions.errors import (
    DuplicateMessageError,
    SessionExistsError,
    SessionNotFoundError,
    StaleSessionError,
)
from runtime.sessions.records import ENDED, Message, SessionRecord, check_status, number_messages
from runtime.sessions.store import SWEEP_BATCH, Saved, SessionStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_sessions (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    updated_at REAL NOT NULL,
    timer_due REAL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_sessions_timer ON chat_sessions (timer_due)
    WHERE timer_due IS NOT NULL;
CREATE INDEX IF NOT EXISTS chat_sessions_activity ON chat_sessions (status, updated_at);
CREATE TABLE IF NOT EXISTS chat_messages (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    client_message_id TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS chat_messages_client_id
    ON chat_messages (session_id, client_message_id) WHERE client_message_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS chat_news (
    seq INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    kind TEXT NOT NULL,
    session_id TEXT NOT NULL
);
"""
BUSY_TIMEOUT_S = 30.0
NEWS_KEPT = 10_000
"""Rows of `chat_news` kept; a reader that fell further behind hears "everything changed"."""
IDLE_CONNECTIONS_KEPT = 8
"""Open connections kept for reuse; more are opened when more threads read at once."""


def _dump(value: object) -> str:
    return dump_json(value)


class SQLiteSessionStore(SessionStore):
    def __init__(self, path: str | Path, **options: float):
        super().__init__(**options)
        if str(path) in ("", ":memory:"):
            raise ValueError("the SQLite session store needs a file path (it is shared by "
                             "threads and processes)")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.origin = uuid.uuid4().hex[:16]
        """Tags the news this store object writes, so its own process can skip them."""
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with self._write() as db:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)

    # -- connections -------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                             check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        return db

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A connection of the pool for one operation (opened when none is free)."""
        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = self._open()
        try:
            yield db
        finally:
            with self._lock:
                keep = len(self._idle) < IDLE_CONNECTIONS_KEPT
                if keep:
                    self._idle.append(db)
            if not keep:
                db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            connections, self._idle = self._idle, []
        for db in connections:
            db.close()

    # -- news --------------------------------------------------------------------------------

    def announce(self, session_id: str, kind: str) -> None:
        """Tell the streams of every process about a session ("typing")."""
        with self._write() as db:
            self._add_news(db, session_id, kind)

    def _add_news(self, db: sqlite3.Connection, session_id: str, kind: str) -> None:
        cursor = db.execute("INSERT INTO chat_news (origin, kind, session_id) VALUES (?, ?, ?)",
                            (self.origin, kind, session_id))
        seq = cursor.lastrowid or 0
        if seq % 100 == 0:  # trim now and then, by primary key: cheap
            db.execute("DELETE FROM chat_news WHERE seq <= ?", (seq - NEWS_KEPT,))

    def news_cursor(self) -> int:
        """The number of the latest news row (0 when there is none)."""
        with self._db() as db:
            row = db.execute("SELECT max(seq) FROM chat_news").fetchone()
        return int(row[0] or 0)

    def news_after(self, seq: int, limit: int = 1000) -> list[tuple[int, str, str, str]]:
        """News rows after `seq`, oldest first: (seq, origin, kind, session id). Rows are
        numbered without gaps, so a first row other than `seq + 1` means some were trimmed."""
        with self._db() as db:
            rows = db.execute("SELECT seq, origin, kind, session_id FROM chat_news WHERE seq > ? "
                              "ORDER BY seq LIMIT ?", (seq, limit)).fetchall()
        return [(int(row[0]), str(row[1]), str(row[2]), str(row[3])) for row in rows]

    # -- sessions ----------------------------------------------------------------------------

    def create(self, record: SessionRecord, messages: Sequence[Message] = ()) -> Saved:
        if record.version != 0:
            raise ValueError("a new session record has version 0")
        check_status(record.status)
        numbered = number_messages(record, list(messages))
        stored = replace(record, version=1, last_seq=record.last_seq + len(numbered))
        with self._write() as db:
            try:
                db.execute("INSERT INTO chat_sessions (id, version, status, updated_at, "
                           "timer_due, record) VALUES (?, ?, ?, ?, ?, ?)", self._row(stored))
            except sqlite3.IntegrityError:
                raise SessionExistsError(f"session '{record.id}' already exists") from None
            self._insert_messages(db, record.id, numbered)
            self._add_news(db, record.id, "saved")
        return Saved(stored, numbered)

    def load(self, session_id: str) -> SessionRecord:
        with self._db() as db:
            row = db.execute("SELECT record FROM chat_sessions WHERE id = ?",
                             (session_id,)).fetchone()
        if row is None:
            raise SessionNotFoundError(f"there is no session '{session_id}'")
        return SessionRecord.from_json(json.loads(row[0]))

    def save(self, record: SessionRecord, messages: Sequence[Message] = ()) -> Saved:
        check_status(record.status)
        numbered = number_messages(record, list(messages))
        stored = replace(record, version=record.version + 1,
                         last_seq=record.last_seq + len(numbered))
        _, version, status, updated_at, timer_due, body = self._row(stored)
        with self._write() as db:
            cursor = db.execute("UPDATE chat_sessions SET version = ?, status = ?, updated_at = ?, "
                                "timer_due = ?, record = ? WHERE id = ? AND version = ?",
                                (version, status, updated_at, timer_due, body, record.id,
                                 record.version))
            if cursor.rowcount != 1:
                found = db.execute("SELECT version FROM chat_sessions WHERE id = ?",
                                   (record.id,)).fetchone()
                if found is None:
                    raise SessionNotFoundError(f"there is no session '{record.id}'")
                raise StaleSessionError(f"session '{record.id}' is at version {found[0]}, not "
                                        f"{record.version}: it was saved meanwhile")
            self._insert_messages(db, record.id, numbered)
            self._add_news(db, record.id, "saved")
        return Saved(stored, numbered)

    @staticmethod
    def _row(record: SessionRecord) -> tuple[str, int, str, float, float | None, str]:
        return (record.id, record.version, record.status, record.updated_at,
                record.timer.due_at if record.timer else None, _dump(record.to_json()))

    @staticmethod
    def _insert_messages(db: sqlite3.Connection, session_id: str,
                         messages: list[Message]) -> None:
        try:
            db.executemany("INSERT INTO chat_messages (session_id, seq, client_message_id, body) "
                           "VALUES (?, ?, ?, ?)",
                           [(session_id, m.seq, m.client_message_id, _dump(m.to_json()))
                            for m in messages])
        except sqlite3.IntegrityError:
            raise DuplicateMessageError("a message with this client_message_id is already in "
                                        f"session '{session_id}'") from None

    # -- transcript --------------------------------------------------------------------------

    def messages_after(self, session_id: str, after_seq: int = 0,
                       limit: int | None = None) -> list[Message]:
        with self._db() as db:
            rows = db.execute(
                "SELECT body FROM chat_messages WHERE session_id = ? AND seq > ? ORDER BY seq "
                "LIMIT ?", (session_id, after_seq, -1 if limit is None else limit)).fetchall()
        return [Message.from_json(json.loads(row[0])) for row in rows]

    def find_client_message(self, session_id: str, client_message_id: str) -> Message | None:
        with self._db() as db:
            row = db.execute(
                "SELECT body FROM chat_messages WHERE session_id = ? AND client_message_id = ?",
                (session_id, client_message_id)).fetchone()
        return Message.from_json(json.loads(row[0])) if row else None

    # -- sweeps ------------------------------------------------------------------------------

    def due_timers(self, now: float, limit: int = SWEEP_BATCH) -> list[str]:
        with self._db() as db:
            rows = db.execute(
                "SELECT id FROM chat_sessions WHERE timer_due IS NOT NULL AND timer_due <= ? "
                "ORDER BY timer_due LIMIT ?", (now, limit)).fetchall()
        return [row[0] for row in rows]

    def idle_sessions(self, idle_since: float, limit: int = SWEEP_BATCH) -> list[str]:
        with self._db() as db:
            rows = db.execute(
                "SELECT id FROM chat_sessions WHERE status != ? AND updated_at < ? "
                "ORDER BY updated_at LIMIT ?", (ENDED, idle_since, limit)).fetchall()
        return [row[0] for row in rows]

    def sessions_with_status(self, status: str, limit: int = SWEEP_BATCH) -> list[SessionRecord]:
        check_status(status)
        with self._db() as db:
            rows = db.execute(
                "SELECT record FROM chat_sessions WHERE status = ? ORDER BY updated_at LIMIT ?",
                (status, limit)).fetchall()
        return [SessionRecord.from_json(json.loads(row[0])) for row in rows]

    def purge_ended(self, ended_before: float, limit: int = SWEEP_BATCH) -> int:
        with self._write() as db:
            ids = [row[0] for row in db.execute(
                "SELECT id FROM chat_sessions WHERE status = ? AND updated_at < ? LIMIT ?",
                (ENDED, ended_before, limit))]
            for session_id in ids:
                db.execute("DELETE FROM chat_messages WHERE session_id = ?", (session_id,))
                db.execute("DELETE FROM chat_sessions WHERE id = ?", (session_id,))
        return len(ids)

    def ended_ids(self, ended_before: float, limit: int = SWEEP_BATCH, skip: int = 0
                  ) -> list[str]:
        with self._db() as db:
            return [row[0] for row in db.execute(
                "SELECT id FROM chat_sessions WHERE status = ? AND updated_at < ? "
                "ORDER BY updated_at, id LIMIT ? OFFSET ?", (ENDED, ended_before, limit, skip))]

    def purge_sessions(self, session_ids: Sequence[str], ended_before: float) -> int:
        purged = 0
        if not session_ids:
            return purged
        with self._write() as db:  # one transaction for the batch
            for session_id in session_ids:
                if db.execute("DELETE FROM chat_sessions WHERE id = ? AND status = ? AND "
                              "updated_at < ?", (session_id, ENDED, ended_before)).rowcount:
                    db.execute("DELETE FROM chat_messages WHERE session_id = ?", (session_id,))
                    purged += 1
        return purged
