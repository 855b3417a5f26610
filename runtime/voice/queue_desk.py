"""What a media worker needs from the queues a `route` block names: put the call in, see how
its wait goes, say where the call is.

The Designer keeps queues in its database (`designer_ui.voice_queue_desk` reaches them through
the worker's flow source); a flow source without queues (flow files on a laptop, the tests'
file source) has `NoQueueDesk`, and its `route` blocks go to the SIP addresses of its
directory as before. Desk calls block (they talk to a database), so workers make them off
their event loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from runtime.voice.flows import CallFlow, FlowSource


@dataclass(frozen=True, slots=True)
class QueueTicket:
    """A call waiting in a queue: its interaction and the flow that entertains it."""

    interaction: int
    queue: str
    in_queue_flow: str | None = None


@dataclass(frozen=True, slots=True)
class QueueStatus:
    """One poll: `waiting`/`offered` (position, estimated wait), `answered` (the agent and
    the SIP address to dial) or `over`/`gone` (`result`: the route result the flow hears)."""

    state: str
    position: int = 0
    ewt_s: float = 0.0
    agent: str | None = None
    agent_uri: str | None = None
    result: str | None = None

    @property
    def waiting(self) -> bool:
        return self.state not in ("answered", "over", "gone")


class QueueDesk(Protocol):
    def enqueue(self, session_id: str, queue: str, skills: tuple[str, ...], priority: int,
                data: Mapping[str, Any], environment: str = "") -> QueueTicket | None:
        """Queue the call (in the call's environment: only its agents are offered it); None
        when there is no voice queue of that name."""
        ...

    def poll(self, ticket: QueueTicket) -> QueueStatus:
        """How the wait goes; also tells the distributor the worker still has the call."""
        ...

    def mark(self, ticket: QueueTicket, where: str) -> None:
        """Where the call is: `with_agent` (bridged), `elsewhere` (back in its flow), `gone`."""
        ...

    def requeue(self, ticket: QueueTicket, reason: str) -> bool:
        """The agent's phone refused the call or went away mid-call (`reason`: `declined`,
        `unreachable`, `lost`): the call waits again at its original position, for another
        agent; False when the queue no longer has it."""
        ...

    def in_queue_flow(self, flow_id: str, environment: str) -> CallFlow | None:
        """The in-queue flow to run while the call waits, in the call's environment."""
        ...


class NoQueueDesk:
    """A source without queues: every `route` goes to its directory's SIP address."""

    def enqueue(self, session_id: str, queue: str, skills: tuple[str, ...], priority: int,
                data: Mapping[str, Any], environment: str = "") -> QueueTicket | None:
        return None

    def poll(self, ticket: QueueTicket) -> QueueStatus:
        return QueueStatus("gone", result="failed")

    def mark(self, ticket: QueueTicket, where: str) -> None:
        return None

    def requeue(self, ticket: QueueTicket, reason: str) -> bool:
        return False

    def in_queue_flow(self, flow_id: str, environment: str) -> CallFlow | None:
        return None


def queue_desk_of(source: FlowSource) -> QueueDesk | None:
    """The source's queue desk (`queue_desk()`), or None when it has no queues."""
    factory = getattr(source, "queue_desk", None)
    desk = factory() if callable(factory) else None
    return None if desk is None or isinstance(desk, NoQueueDesk) else desk
