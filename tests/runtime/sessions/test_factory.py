"""`SESSION_STORE` picks the store: a SQLite file (the default) or Redis."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from runtime.sessions import SessionStore, open_session_store
from runtime.sessions.redis_store import RedisSessionStore
from runtime.sessions.sqlite_store import SQLiteSessionStore
from tests.runtime.sessions.stores import REDIS_URL, drop_prefix, new_record, require_redis


def _opened(url: str, **options: float) -> SessionStore:
    store = open_session_store(url, **options)
    store.close()
    return store


def test_sqlite_urls_and_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = _opened(f"sqlite://{tmp_path}/a/one.db")
    assert isinstance(absolute, SQLiteSessionStore) and absolute.path == tmp_path / "a" / "one.db"
    monkeypatch.chdir(tmp_path)
    relative = _opened("sqlite:two.db")
    assert isinstance(relative, SQLiteSessionStore) and relative.path == Path("two.db")
    plain = _opened(str(tmp_path / "three.db"), idle_timeout_s=5.0, retention_days=7.0)
    assert isinstance(plain, SQLiteSessionStore) and plain.idle_timeout_s == 5.0
    assert plain.retention_days == 7.0
    default = _opened("")
    assert isinstance(default, SQLiteSessionStore)
    assert default.path == Path("instance") / "chat-sessions.db"


def test_the_sqlite_store_uses_wal(tmp_path: Path) -> None:
    store = open_session_store(tmp_path / "s.db")
    try:
        store.create(new_record())
    finally:
        store.close()
    db = sqlite3.connect(tmp_path / "s.db")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_redis_urls_take_a_key_prefix() -> None:
    require_redis()
    store = open_session_store(f"{REDIS_URL}?prefix=cfd-factory-test:")
    try:
        assert isinstance(store, RedisSessionStore) and store.prefix == "cfd-factory-test:"
        store.create(new_record())
        assert store.client.exists("cfd-factory-test:s:s1") == 1
    finally:
        store.close()
        drop_prefix("cfd-factory-test:")


@pytest.mark.parametrize("url", ["postgres://db/x", "sqlite://host/x.db", ":memory:"])
def test_unusable_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        open_session_store(url)
