"""What the distributor needs of a channel's runtime (chat now, voice later): the sessions
waiting in queues, where a session is now, and a way to give up on one.

The runtime's own session store stays the truth about a session; the distributor reads it every
round and brings the interaction rows in line, so an enqueue or an end the runtime could not
report is never lost, only noticed a round later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

QUEUED, WITH_AGENT, ELSEWHERE, GONE = "queued", "with_agent", "elsewhere", "gone"
"""Where a session is: waiting in a queue, with an agent, back in its flow, or ended/unknown."""


@dataclass(frozen=True, slots=True)
class QueuedSession:
    """A session a `route` block put in a queue."""

    session_id: str
    queue: str
    skills: tuple[str, ...]
    priority: int
    since: float
    data: dict[str, object]
    environment: str = "live"
    """The environment of the entry point the session started at."""


@dataclass(frozen=True, slots=True)
class SessionPlace:
    where: str
    agent: str | None = None
    since: float | None = None
    """For a queued session: when it was queued (a new queueing after an earlier one)."""


class ChannelBridge(Protocol):
    channel: str

    def queued_sessions(self) -> list[QueuedSession]:
        """Sessions waiting in a queue (bounded by the runtime)."""

    def place(self, session_id: str) -> SessionPlace:
        """Where the session is now."""

    def give_up(self, session_id: str, status: str) -> None:
        """End the session's wait with this route result (`timeout`, `failed`)."""
