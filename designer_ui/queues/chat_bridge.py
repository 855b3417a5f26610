"""The chat runtime as the distributor sees it (`ChannelBridge` for channel `chat`).

Queued chat sessions come from the session store (`status = queued`, target type `queue`); a
session's place is read from its record; giving up feeds the flow the route result, so its
`failed` port runs as when the route block's own timer fires.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from designer_ui.chat.service import ChatService
from designer_ui.models.environments import ENVIRONMENTS
from designer_ui.models.queues import DEFAULT_INTERACTION_ENVIRONMENT
from designer_ui.queues.bridge import ELSEWHERE, GONE, QUEUED, WITH_AGENT, QueuedSession, SessionPlace
from interpreter.engine.events import RouteResult
from runtime.blocking import run_on_hub
from runtime.chat.errors import ChatStateError
from runtime.chat.host import accepted_by
from runtime.sessions.errors import SessionNotFoundError
from runtime.sessions.records import QUEUED as CHAT_QUEUED
from runtime.sessions.records import WITH_AGENT as CHAT_WITH_AGENT
from runtime.sessions.records import SessionRecord

QUEUED_BATCH = 1000


class ChatBridge:
    channel = "chat"

    def __init__(self, service: Callable[[], ChatService]):
        self._service = service

    # The distributor's round runs in an OS thread under gevent (`run_blocking`); the session
    # store's connections belong to the worker's hub, so every store call goes back there.

    def queued_sessions(self) -> list[QueuedSession]:
        store = self._service().runtime.store
        records = run_on_hub(store.sessions_with_status, CHAT_QUEUED, QUEUED_BATCH)
        return [queued for record in records if (queued := _queued(record)) is not None]

    def place(self, session_id: str) -> SessionPlace:
        try:
            record = run_on_hub(self._service().host.load, session_id)
        except SessionNotFoundError:
            return SessionPlace(GONE)
        if record.ended:
            return SessionPlace(GONE)
        if record.status == CHAT_WITH_AGENT:
            return SessionPlace(WITH_AGENT, agent=accepted_by(record))
        if record.status == CHAT_QUEUED:
            return SessionPlace(QUEUED, since=float((record.waiting or {}).get("since", 0)))
        return SessionPlace(ELSEWHERE)

    def give_up(self, session_id: str, status: str) -> None:
        with suppress(ChatStateError, SessionNotFoundError):  # taken or ended meanwhile
            run_on_hub(self._service().host.complete_route, session_id, RouteResult(status))


def _queued(record: SessionRecord) -> QueuedSession | None:
    waiting = record.waiting or {}
    if waiting.get("for") != "agent" or waiting.get("target_type") != "queue":
        return None
    return QueuedSession(record.id, str(waiting.get("target", "")),
                         tuple(str(s) for s in waiting.get("skills") or ()),
                         int(waiting.get("priority") or 0), float(waiting.get("since") or 0),
                         dict(waiting.get("data") or {}), environment_of(record))


def environment_of(record: SessionRecord) -> str:
    """The environment of the session's chat entry point (`live` for a flow outside any)."""
    environment = record.flow.environment
    return environment if environment in ENVIRONMENTS else DEFAULT_INTERACTION_ENVIRONMENT
