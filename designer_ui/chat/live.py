"""News of chat sessions for the streams open in this process, from whichever node made it.

A save (or a flow calling a web service: "typing") wakes the SSE streams watching the session.
With the Redis store, news goes through one Redis pub/sub channel, so a stream on one node
hears of messages saved on another (the store's save script announces every save itself, in
the same atomic step); with SQLite (one machine) each process follows the store's news table
(`SQLiteRelay`). Either way the stream reads the messages themselves from the store, so a lost
notification delays a message but never loses it; a relay that lost its feed for a while wakes
every stream of its process once it is back, so they re-read what they missed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

import redis

from interpreter.engine.effects import AnalyticsEvent
from runtime.chat.listener import ChatListener
from runtime.sessions.records import Message, SessionRecord

log = logging.getLogger(__name__)
SAVED, TYPING = "saved", "typing"
RECONNECT_DELAY_S = 1.0
SUBSCRIBE_WAIT_S = 1.0


class Watch:
    """One stream's mailbox: what happened to its session since it last looked."""

    def __init__(self) -> None:
        self._news: set[str] = set()
        self._lock = threading.Lock()
        self._event = threading.Event()

    def put(self, kind: str) -> None:
        with self._lock:
            self._news.add(kind)
            self._event.set()

    def wait(self, timeout: float) -> set[str]:
        """The news that arrived (waiting at most `timeout` seconds for some)."""
        self._event.wait(timeout)
        with self._lock:
            news, self._news = self._news, set()
            self._event.clear()
        return news


class Waiters:
    """Streams of this process, by the session they watch."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watches: dict[str, set[Watch]] = {}

    @contextmanager
    def watch(self, session_id: str) -> Iterator[Watch]:
        watch = Watch()
        with self._lock:
            self._watches.setdefault(session_id, set()).add(watch)
        try:
            yield watch
        finally:
            with self._lock:
                watches = self._watches.get(session_id, set())
                watches.discard(watch)
                if not watches:
                    self._watches.pop(session_id, None)

    def notify(self, session_id: str, kind: str) -> None:
        with self._lock:
            watches = list(self._watches.get(session_id, ()))
        for watch in watches:
            watch.put(kind)

    def notify_all(self, kind: str) -> None:
        """Wake every stream of the process (news may have been missed)."""
        with self._lock:
            watches = [watch for group in self._watches.values() for watch in group]
        for watch in watches:
            watch.put(kind)

    def __len__(self) -> int:
        with self._lock:
            return sum(len(watches) for watches in self._watches.values())


class Relay(Protocol):
    """Carries news between the processes (and nodes) that serve one session store."""

    local_echo: bool
    """True when the relay does not hand this process its own news (it must notify itself)."""

    def publish(self, session_id: str, kind: str) -> None: ...

    def ensure_listening(self) -> None: ...

    def stop(self) -> None: ...


class RedisRelay:
    """Publishes this node's news on a Redis channel and hands every node's news to the local
    streams; the listening thread starts with the first stream of the process."""

    local_echo = False

    def __init__(self, client: redis.Redis, channel: str, waiters: Waiters):
        self.client = client
        self.channel = channel
        self.waiters = waiters
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._stop = threading.Event()
        self._subscribed = threading.Event()

    def publish(self, session_id: str, kind: str) -> None:
        self.client.publish(self.channel, f"{kind}:{session_id}")

    def ensure_listening(self) -> None:
        """Start listening (once per process) and wait briefly until subscribed, so the first
        stream does not miss news saved just after it opened."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stop.clear()
            self._subscribed.clear()
            self._thread = threading.Thread(target=self._listen, name="chat-news", daemon=True)
            self._thread.start()
        self._subscribed.wait(SUBSCRIBE_WAIT_S)

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)

    def _listen(self) -> None:
        """The process's one subscriber: a single pub/sub connection, whatever the number of
        open streams; news fans out to their watches. A lost connection is logged once and
        retried every RECONNECT_DELAY_S until it is back."""
        lost = False
        while not self._stop.is_set():
            pubsub = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                pubsub.get_message(timeout=SUBSCRIBE_WAIT_S, ignore_subscribe_messages=False)
                self._subscribed.set()
                self.waiters.notify_all(SAVED)  # whatever was said while not subscribed
                if lost:
                    lost = False
                    log.warning("chat news channel is back")
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self._deliver(message.get("data"))
            except redis.RedisError as exc:
                if not lost:
                    lost = True
                    log.warning("chat news channel lost (%s); reconnecting every %.0f s", exc,
                                RECONNECT_DELAY_S)
                self._stop.wait(RECONNECT_DELAY_S)
            finally:
                pubsub.close()

    def _deliver(self, data: object) -> None:
        text = data.decode() if isinstance(data, bytes) else str(data)
        kind, _, session_id = text.partition(":")
        if session_id:
            self.waiters.notify(session_id, kind)


Report = Callable[[SessionRecord, list[AnalyticsEvent]], None]


class LiveListener(ChatListener):
    """The chat host's hook: every save and every "typing" moment becomes news, and a save's
    analytics events are reported (once: only the node whose save won hears of it)."""

    def __init__(self, waiters: Waiters, relay: Relay | None = None,
                 report: Report | None = None):
        self.waiters = waiters
        self.relay = relay
        self.report = report

    def typing(self, session_id: str) -> None:
        self._tell(session_id, TYPING)

    def saved(self, record: SessionRecord, messages: list[Message],
              events: list[AnalyticsEvent]) -> None:
        if messages and (self.relay is None or self.relay.local_echo):
            self.waiters.notify(record.id, SAVED)
        if events and self.report is not None:
            self.report(record, events)

    def _tell(self, session_id: str, kind: str) -> None:
        if self.relay is None:
            self.waiters.notify(session_id, kind)
            return
        if self.relay.local_echo:
            self.waiters.notify(session_id, kind)
        try:
            self.relay.publish(session_id, kind)
        except (redis.RedisError, sqlite3.Error) as exc:
            log.warning("could not publish chat news (%s); streams will poll", exc)
            if not self.relay.local_echo:
                self.waiters.notify(session_id, kind)
