"""Assisted service, one model for chat and voice: queues, agents' profiles and states, the
interactions waiting for (or offered to, or connected with) an agent, and the distributor's
lease.

Interactions live in the Designer database rather than in a runtime's memory so that the
distributor may run on any node and a node's death loses nothing: whoever holds the lease next
reads the same rows. See docs/queues.md and docs/agents.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow
from designer_ui.models.environments import ENVIRONMENTS

CHANNELS = ("chat", "voice")
AT_MAX_WAIT = ("failed", "timeout")
"""What a route hears when an interaction has waited a queue's maximum wait."""
AGENT_STATES = ("offline", "ready", "not_ready", "busy", "wrap_up")
WAITING, OFFERED, CONNECTED, ENDED, ABANDONED = (
    "waiting", "offered", "connected", "ended", "abandoned")
INTERACTION_STATES = (WAITING, OFFERED, CONNECTED, ENDED, ABANDONED)
OPEN_STATES = (WAITING, OFFERED, CONNECTED)
DEFAULT_INTERACTION_ENVIRONMENT = "live"
"""An interaction whose runtime names no environment (or one not among ENVIRONMENTS)."""


class Queue(Base):
    """A named queue entry points and `route` blocks send interactions to."""

    __tablename__ = "queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    channels: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    skills: Mapped[dict[str, int]] = mapped_column(JSONColumn, default=dict)
    """Skills every agent of the queue needs, with the least level."""
    sl_percent: Mapped[int] = mapped_column(default=80)
    sl_seconds: Mapped[int] = mapped_column(default=20)
    in_queue_flows: Mapped[dict[str, str]] = mapped_column(JSONColumn, default=dict)
    """Channel -> the flow (id) that entertains a waiting customer."""
    max_wait_seconds: Mapped[int] = mapped_column(default=600)
    at_max_wait: Mapped[str] = mapped_column(sa.String(16), default="failed")
    hours: Mapped[str | None] = mapped_column(sa.String(100))
    """The business-hours set (by name) the queue is open in; none: always open."""
    rona_seconds: Mapped[int] = mapped_column(default=15)
    wrap_up_seconds: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "description": self.description,
                "channels": list(self.channels), "skills": dict(self.skills),
                "service_level": {"percent": self.sl_percent, "seconds": self.sl_seconds},
                "in_queue_flows": dict(self.in_queue_flows),
                "max_wait_seconds": self.max_wait_seconds, "at_max_wait": self.at_max_wait,
                "hours": self.hours, "rona_seconds": self.rona_seconds,
                "wrap_up_seconds": self.wrap_up_seconds,
                "created_at": isoformat(self.created_at),
                "updated_at": isoformat(self.updated_at)}


class AgentProfile(Base):
    """What an agent (a user with the `agent` role) can take: skills with levels, channels and
    how many interactions of each channel at once."""

    __tablename__ = "agent_profiles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)
    skills: Mapped[dict[str, int]] = mapped_column(JSONColumn, default=dict)
    channels: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    capacity: Mapped[dict[str, int]] = mapped_column(JSONColumn, default=dict)
    environments: Mapped[list[str]] = mapped_column(JSONColumn,
                                                    default=lambda: list(ENVIRONMENTS))
    """The environments whose interactions the agent is offered (a test agent: `["test"]`)."""
    state: Mapped[str] = mapped_column(sa.String(16), default="offline")
    reason: Mapped[str] = mapped_column(sa.String(100), default="")
    state_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    idle_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    """Since when the agent has had nothing to do (longest idle is offered first)."""

    def state_dict(self) -> dict[str, Any]:
        return {"state": self.state, "reason": self.reason,
                "since": isoformat(self.state_since), "idle_since": isoformat(self.idle_since)}


class Interaction(Base):
    """A chat or call in a queue, from enqueue to its end.

    `active_key` is `channel:session` while the interaction is open and NULL after, so a
    session is in at most one queue at a time (NULLs never collide in a unique index).
    """

    __tablename__ = "queue_interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    active_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    queue_id: Mapped[int] = mapped_column(sa.ForeignKey("queues.id", ondelete="CASCADE"),
                                          index=True)
    channel: Mapped[str] = mapped_column(sa.String(16))
    environment: Mapped[str] = mapped_column(sa.String(16), default=DEFAULT_INTERACTION_ENVIRONMENT)
    """The environment of the chat's or call's entry point; only its agents are offered it."""
    session_id: Mapped[str] = mapped_column(sa.String(128), index=True)
    skills: Mapped[dict[str, int]] = mapped_column(JSONColumn, default=dict)
    priority: Mapped[int] = mapped_column(default=0)
    state: Mapped[str] = mapped_column(sa.String(16), default=WAITING, index=True)
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    offered_to: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_by: Mapped[list[int]] = mapped_column(JSONColumn, default=list)
    agent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "queue_id": self.queue_id, "channel": self.channel,
                "environment": self.environment, "session_id": self.session_id,
                "skills": dict(self.skills),
                "priority": self.priority, "state": self.state,
                "enqueued_at": isoformat(self.enqueued_at), "offered_to": self.offered_to,
                "offered_at": isoformat(self.offered_at),
                "offer_expires_at": isoformat(self.offer_expires_at),
                "agent_id": self.agent_id, "answered_at": isoformat(self.answered_at),
                "ended_at": isoformat(self.ended_at), "data": dict(self.data)}


class DistributorLease(Base):
    """One row per distributor: who runs it and until when (renewed every tick)."""

    __tablename__ = "distributor_lease"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(sa.String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
