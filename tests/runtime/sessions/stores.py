"""Opening each session store for tests: SQLite in a temporary folder, the real Redis on
127.0.0.1:6379 under a key prefix of its own (removed afterwards). Redis must be running:
an unreachable Redis fails the tests loudly, it never skips them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
import redis

from runtime.sessions import ACTIVE, FlowRef, Message, SessionRecord, SessionStore, open_session_store

REDIS_URL = "redis://127.0.0.1:6379/0"
KINDS = ("sqlite", "redis")


def require_redis() -> None:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis must be running on 127.0.0.1:6379 for these tests: {exc}",
                    pytrace=False)
    finally:
        client.close()


def drop_prefix(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def store_url(kind: str, folder: Path, prefix: str) -> str:
    if kind == "sqlite":
        return str(folder / "sessions.db")
    return f"{REDIS_URL}?prefix={prefix}"


@contextmanager
def opened_store(kind: str, folder: Path, **options: float) -> Iterator[tuple[str, SessionStore]]:
    """(url, store) for one test; the url opens the same data again (other threads/processes)."""
    prefix = f"cfd-test-{uuid.uuid4().hex}:"
    if kind == "redis":
        require_redis()
    url = store_url(kind, folder, prefix)
    store = open_session_store(url, **options)
    try:
        yield url, store
    finally:
        store.close()
        if kind == "redis":
            drop_prefix(prefix)


def new_record(session_id: str = "s1", now: float = 1_000_000.0, **changes: object
               ) -> SessionRecord:
    record = SessionRecord(id=session_id, flow=FlowRef("acme", "3", "prod", "web"),
                           channel="chat", state={"block": "menu", "vars": {"n": 0}},
                           status=ACTIVE, created_at=now, updated_at=now)
    return replace(record, **changes)  # type: ignore[arg-type]


def text(author: str, body: str, ts: float = 1_000_000.0, client_message_id: str | None = None
         ) -> Message:
    return Message(author, "text", body, ts, client_message_id=client_message_id)
