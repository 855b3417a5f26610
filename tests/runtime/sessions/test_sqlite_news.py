"""The SQLite store's news feed (every save announced in its own transaction, numbered without
gaps) and its connection pool (bounded, whatever the number of threads that came and went)."""

from __future__ import annotations

import threading
from pathlib import Path

from runtime.sessions.sqlite_store import IDLE_CONNECTIONS_KEPT, SQLiteSessionStore
from tests.runtime.sessions.stores import new_record, text


def test_every_save_is_news_for_the_other_processes(tmp_path: Path) -> None:
    writer = SQLiteSessionStore(tmp_path / "s.db")
    reader = SQLiteSessionStore(tmp_path / "s.db")  # another process's store object
    try:
        start = reader.news_cursor()
        saved = writer.create(new_record("a"), [text("bot", "hi")])
        writer.save(saved.record, [text("visitor", "yo")])
        writer.announce("b", "typing")
        news = reader.news_after(start)
        assert [(kind, session) for _, _, kind, session in news] == [
            ("saved", "a"), ("saved", "a"), ("typing", "b")]
        assert [seq for seq, *_ in news] == list(range(start + 1, start + 4))
        assert {origin for _, origin, _, _ in news} == {writer.origin} != {reader.origin}
        assert reader.news_cursor() == news[-1][0]
    finally:
        writer.close()
        reader.close()


def test_threads_that_come_and_go_do_not_leave_connections_open(tmp_path: Path) -> None:
    store = SQLiteSessionStore(tmp_path / "s.db")
    store.create(new_record("a"))

    def read() -> None:
        store.load("a")

    try:
        for _ in range(50):  # an event loop serves every request on a new (green) thread
            threads = [threading.Thread(target=read) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert len(store._idle) <= IDLE_CONNECTIONS_KEPT
    finally:
        store.close()
