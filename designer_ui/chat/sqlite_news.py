"""News of chat sessions across the processes sharing one SQLite session store.

SQLite has no pub/sub, so every save appends a row to the store's `chat_news` table in the same
transaction. One thread per process follows that table: every NEWS_INTERVAL_S it asks SQLite
whether anyone committed since it last looked (`PRAGMA data_version`, answered from shared
memory, no disk read) and only then reads the new rows and wakes the streams of those sessions.
So a message saved in another worker reaches its streams within NEWS_INTERVAL_S plus the
stream's own read, whatever the number of open streams; news of this process is handed to its
streams at once (the follower skips its own rows).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading

from designer_ui.chat.live import SAVED, Waiters
from runtime.sessions.sqlite_store import SQLiteSessionStore

log = logging.getLogger(__name__)
NEWS_INTERVAL_S = 0.02
"""How often each process looks for news from other processes: the bound on their delay."""
BATCH = 1000


class SQLiteRelay:
    """Follows the store's news table for the streams of this process."""

    local_echo = True

    def __init__(self, store: SQLiteSessionStore, waiters: Waiters,
                 interval_s: float = NEWS_INTERVAL_S):
        self.store = store
        self.waiters = waiters
        self.interval_s = interval_s
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._stop = threading.Event()

    def publish(self, session_id: str, kind: str) -> None:
        self.store.announce(session_id, kind)

    def ensure_listening(self) -> None:
        """Start following (once per process), from the news row that is the latest now."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stop.clear()
            cursor = self.store.news_cursor()
            self._thread = threading.Thread(target=self._follow, args=(cursor,),
                                            name="chat-news", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)

    def _follow(self, cursor: int) -> None:
        connection = sqlite3.connect(self.store.path, timeout=5.0, isolation_level=None,
                                     check_same_thread=False)
        seen_version = -1
        failing = False
        try:
            while not self._stop.wait(self.interval_s):
                try:
                    version = int(connection.execute("PRAGMA data_version").fetchone()[0])
                    if version == seen_version:
                        continue
                    cursor = self._deliver(cursor)
                    seen_version = version
                    if failing:
                        failing = False
                        log.warning("chat news from other processes is back")
                        self.waiters.notify_all(SAVED)
                except sqlite3.Error as exc:
                    if not failing:
                        failing = True
                        log.warning("cannot read chat news (%s); retrying", exc)
        finally:
            connection.close()

    def _deliver(self, cursor: int) -> int:
        """Wake the streams of every session with news after `cursor`; the new cursor."""
        while True:
            rows = self.store.news_after(cursor, BATCH)
            if not rows:
                return cursor
            if rows[0][0] != cursor + 1:
                self.waiters.notify_all(SAVED)  # rows were trimmed before we read them
            for _, origin, kind, session_id in rows:
                if origin != self.store.origin:
                    self.waiters.notify(session_id, kind)
            cursor = rows[-1][0]
            if len(rows) < BATCH:
                return cursor
