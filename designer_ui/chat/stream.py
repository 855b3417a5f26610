"""Server-Sent Events for one session: every message after the client's cursor, once, in
order, then each new one as it is saved, on whichever node.

The stream reads messages from the session store (never from the notification), so the
client's `Last-Event-ID` (or `?after=`) gives exactly what it missed. A stream lasts at most a
minute or so, then the client reconnects from its cursor: that keeps a worker from holding a
client that vanished without closing its connection. Streams wait for news from the relay
(Redis pub/sub or the SQLite news feed), so an open stream costs no store reads but one safety
read per keep-alive. Under a server that serves one request at a time (gunicorn's sync
workers) a stream is short: it sends what the client missed and closes, and the browser
reconnects, so streams never starve the REST API.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from designer_ui.chat.live import SAVED, TYPING
from designer_ui.chat.service import Runtime
from designer_ui.chat.settings import ChatWebSettings
from runtime.sessions.errors import SessionNotFoundError
from runtime.sessions.records import Message

CLOSING_EVENTS = frozenset({"closed", "end", "ended", "disconnect"})
RETRY_MS = 2000
LIFE_JITTER = 0.2
"""A stream lives CHAT_STREAM_SECONDS less up to this share of it, at random."""


@dataclass(frozen=True, slots=True)
class StreamTiming:
    stream_seconds: float
    keepalive_seconds: float
    poll_seconds: float

    @classmethod
    def for_request(cls, settings: ChatWebSettings, environ: Mapping[str, Any]) -> StreamTiming:
        """The timing for a stream served by this server: short under one that serves one
        request at a time per process, the configured one otherwise."""
        short = settings.stream_mode == "short" or (
            settings.stream_mode == "auto" and one_request_at_a_time(environ))
        return cls(0.0 if short else settings.stream_seconds, settings.keepalive_seconds,
                   settings.poll_seconds)


def one_request_at_a_time(environ: Mapping[str, Any]) -> bool:
    """Gunicorn's sync worker: a held request would block every other one of the process."""
    return "gunicorn.socket" in environ and not environ.get("wsgi.multithread", False)


def sse(event: str, data: Any, event_id: int | None = None) -> str:
    lines = [f"id: {event_id}"] if event_id is not None else []
    lines += [f"event: {event}", f"data: {json.dumps(data, separators=(',', ':'))}"]
    return "\n".join(lines) + "\n\n"


def message_events(runtime: Runtime, session_id: str, after: int, timing: StreamTiming,
                   view: Callable[[Message], dict[str, Any]], *, ended: bool = False
                   ) -> Iterator[str]:
    """The event stream of a session from sequence number `after` on (`ended`: the session
    had ended when the client asked, so the stream stops once it has caught up). When the
    store goes away mid-stream the stream just ends: the client reconnects from its cursor
    and gets 503 + Retry-After until the store is back."""
    try:
        yield from _events(runtime, session_id, after, timing, view, ended)
    except Exception as exc:
        if not runtime.store.health.failed(exc):
            raise


def _events(runtime: Runtime, session_id: str, after: int, timing: StreamTiming,
            view: Callable[[Message], dict[str, Any]], ended: bool) -> Iterator[str]:
    relayed = runtime.relay is not None
    if runtime.relay is not None:
        runtime.relay.ensure_listening()
    # With a relay only news makes the stream read the store (a relay that lost its feed wakes
    # every stream when it is back); without one, the stream polls.
    poll = timing.stream_seconds if relayed else timing.poll_seconds
    # Streams opened together would all reconnect together: spread their ends.
    life = timing.stream_seconds * (1.0 - LIFE_JITTER * random.random())
    store = runtime.store
    started = last_write = time.monotonic()
    read = True
    with runtime.waiters.watch(session_id) as watch:
        yield f"retry: {RETRY_MS}\n\n"
        while True:
            messages = store.messages_after(session_id, after) if read else []
            for message in messages:
                after = message.seq
                yield sse("message", view(message), message.seq)
            if messages:
                last_write = time.monotonic()
            if (ended or _may_have_ended(messages)) and _ended(runtime, session_id):
                yield sse("end", {"last_seq": after})
                return
            now = time.monotonic()
            if now - started >= life:
                return
            if now - last_write >= timing.keepalive_seconds:
                last_write = now
                yield ": keep-alive\n\n"
            wait = min(poll, timing.keepalive_seconds - (now - last_write), life - (now - started))
            news = watch.wait(max(wait, 0.01))
            read = SAVED in news or not relayed
            if TYPING in news:
                last_write = time.monotonic()
                yield sse("typing", {})


def _may_have_ended(messages: list[Message]) -> bool:
    return any(m.kind == "note" and m.data.get("event") in CLOSING_EVENTS for m in messages)


def _ended(runtime: Runtime, session_id: str) -> bool:
    try:
        return runtime.store.load(session_id).ended
    except SessionNotFoundError:
        return True
