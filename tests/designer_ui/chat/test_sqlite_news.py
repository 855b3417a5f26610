"""A stream's process hears of a save made by another process on the same SQLite file within
the relay's interval (no 1 s poll), skips its own news, and wakes every stream when it missed
news that was trimmed."""

from __future__ import annotations

import time
from pathlib import Path

from designer_ui.chat.live import SAVED, Waiters
from designer_ui.chat.sqlite_news import NEWS_INTERVAL_S, SQLiteRelay
from runtime.sessions.sqlite_store import SQLiteSessionStore
from tests.runtime.sessions.stores import new_record, text

BOUND_S = NEWS_INTERVAL_S + 0.2


def test_news_from_another_process_wakes_the_stream_quickly(tmp_path: Path) -> None:
    ours = SQLiteSessionStore(tmp_path / "s.db")
    theirs = SQLiteSessionStore(tmp_path / "s.db")
    waiters = Waiters()
    relay = SQLiteRelay(ours, waiters)
    try:
        saved = theirs.create(new_record("a"))
        relay.ensure_listening()
        with waiters.watch("a") as watch, waiters.watch("b") as other:
            started = time.monotonic()
            theirs.save(saved.record, [text("visitor", "hello")])
            assert watch.wait(2.0) == {SAVED}
            assert time.monotonic() - started < BOUND_S
            ours.announce("b", "typing")  # our own news: handed over in-process, not again
            time.sleep(5 * NEWS_INTERVAL_S)
            assert other.wait(0.01) == set()
    finally:
        relay.stop()
        ours.close()
        theirs.close()


def test_a_reader_that_fell_behind_wakes_every_stream(tmp_path: Path) -> None:
    store = SQLiteSessionStore(tmp_path / "s.db")
    waiters = Waiters()
    relay = SQLiteRelay(store, waiters)
    try:
        with store._write() as db:  # news 1..3 exist, 1..2 were trimmed before we read them
            for session in "xyz":
                db.execute("INSERT INTO chat_news (origin, kind, session_id) VALUES "
                           "('elsewhere', 'saved', ?)", (session,))
            db.execute("DELETE FROM chat_news WHERE seq <= 2")
        with waiters.watch("unrelated") as watch:
            assert relay._deliver(0) == 3
            assert watch.wait(0.01) == {SAVED}
    finally:
        store.close()
