"""Server-Sent Events for one session: every message after the client's cursor, once, in
order, then each new one as it is saved, on whichever node.

The stream reads messages from the session store (never from the notification), so the
client's `Last-Event-ID` (or `?after=`) gives exactly what it missed. A stream lasts at most a
minute or so, then the client reconnects from its cursor: that keeps a worker thread from
being held by a client that vanished without closing its connection.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from designer_ui.chat.live import TYPING
from designer_ui.chat.service import Runtime
from runtime.sessions.errors import SessionNotFoundError
from runtime.sessions.records import Message

CLOSING_EVENTS = frozenset({"closed", "end", "ended", "disconnect"})
RETRY_MS = 2000
REDIS_POLL_FACTOR = 5


@dataclass(frozen=True, slots=True)
class StreamTiming:
    stream_seconds: float
    keepalive_seconds: float
    poll_seconds: float


def sse(event: str, data: Any, event_id: int | None = None) -> str:
    lines = [f"id: {event_id}"] if event_id is not None else []
    lines += [f"event: {event}", f"data: {json.dumps(data, separators=(',', ':'))}"]
    return "\n".join(lines) + "\n\n"


def message_events(runtime: Runtime, session_id: str, after: int, timing: StreamTiming,
                   view: Callable[[Message], dict[str, Any]], *, ended: bool = False
                   ) -> Iterator[str]:
    """The event stream of a session from sequence number `after` on (`ended`: the session
    had ended when the client asked, so the stream stops once it has caught up)."""
    if runtime.relay is not None:
        runtime.relay.ensure_listening()
    poll = timing.poll_seconds * (REDIS_POLL_FACTOR if runtime.relay is not None else 1)
    store = runtime.store
    started = last_write = time.monotonic()
    with runtime.waiters.watch(session_id) as watch:
        yield f"retry: {RETRY_MS}\n\n"
        while True:
            messages = store.messages_after(session_id, after)
            for message in messages:
                after = message.seq
                yield sse("message", view(message), message.seq)
            if messages:
                last_write = time.monotonic()
            if (ended or _may_have_ended(messages)) and _ended(runtime, session_id):
                yield sse("end", {"last_seq": after})
                return
            now = time.monotonic()
            if now - started >= timing.stream_seconds:
                return
            if now - last_write >= timing.keepalive_seconds:
                last_write = now
                yield ": keep-alive\n\n"
            wait = min(poll, timing.keepalive_seconds - (now - last_write),
                       timing.stream_seconds - (now - started))
            news = watch.wait(max(wait, 0.01))
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
