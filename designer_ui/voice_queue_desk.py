"""The Designer's queues as a media worker's queue desk (`runtime.voice.queue_desk`).

The worker's flow source (`designer_ui.voice_source`) hands this desk out; it turns the
runtime's calls into `designer_ui.queues.voice_desk` operations on the Designer database. The
worker calls it from its job pool, so every call runs in an application context (and so a
database session) of its own, closed when the call returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import EnvironmentBinding
from designer_ui.queues import voice_desk
from runtime.voice.flows import CallFlow
from runtime.voice.queue_desk import QueueStatus, QueueTicket

T = TypeVar("T")


class DesignerQueueDesk:
    def __init__(self, app: Flask, agent_uri: str, flow_at: Callable[[str, int, str],
                                                                     CallFlow | None]):
        self.app = app
        self.agent_uri = agent_uri
        self.flow_at = flow_at

    def _in_context(self, work: Callable[[], T]) -> T:
        with self.app.app_context():
            try:
                return work()
            finally:
                db.session.remove()

    def enqueue(self, session_id: str, queue: str, skills: tuple[str, ...], priority: int,
                data: Mapping[str, Any], environment: str = "") -> QueueTicket | None:
        def work() -> QueueTicket | None:
            found = voice_desk.voice_queue(db.session, queue)
            if found is None:
                return None
            ticket = voice_desk.enqueue(db.session, session_id, found, skills, priority,
                                        dict(data), environment=environment)
            return QueueTicket(ticket.interaction, ticket.queue, ticket.in_queue_flow)

        return self._in_context(work)

    def poll(self, ticket: QueueTicket) -> QueueStatus:
        def work() -> QueueStatus:
            status = voice_desk.poll(db.session, ticket.interaction, agent_uri=self.agent_uri)
            return QueueStatus(status.state, status.position, status.ewt_s, status.agent,
                               status.agent_uri, status.result)

        return self._in_context(work)

    def mark(self, ticket: QueueTicket, where: str) -> None:
        self._in_context(lambda: voice_desk.mark(db.session, ticket.interaction, where))

    def requeue(self, ticket: QueueTicket, reason: str) -> bool:
        return self._in_context(lambda: voice_desk.requeue(db.session, ticket.interaction,
                                                           reason))

    def in_queue_flow(self, flow_id: str, environment: str) -> CallFlow | None:
        """The version of the in-queue flow the call's environment runs (kind `in_queue`,
        channel voice), or None when it is not published there."""
        def work() -> CallFlow | None:
            binding = db.session.get(EnvironmentBinding, (environment, flow_id))
            if binding is None:
                return None
            return self.flow_at(flow_id, binding.version, environment)

        return self._in_context(work)
