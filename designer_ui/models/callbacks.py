"""Callbacks: requests to call a customer back, each dial attempt, and each queue's callback
rules.

A callback is a row with a life cycle (docs/callbacks.md) rather than a timer in some process,
so every state change is durable before the action that follows it, and any node (or the
voice pool's dialer) may pick up where another stopped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow

SCHEDULED, QUEUED, DIALING, CONNECTED, COMPLETED = (
    "scheduled", "queued", "dialing", "connected", "completed")
CANCELLED, FAILED, EXPIRED = "cancelled", "failed", "expired"
CALLBACK_STATES = (SCHEDULED, QUEUED, DIALING, CONNECTED, COMPLETED, CANCELLED, FAILED, EXPIRED)
OPEN_STATES = (SCHEDULED, QUEUED, DIALING, CONNECTED)
"""States a callback may still change from (and that count towards a number's open limit)."""
KINDS = ("immediate", "scheduled", "in_queue")
DEFAULT_RETRY_SIP_CODES = (408, 480, 486, 487, 503)
"""Failures worth another attempt: timeout, unavailable, busy, cancelled (no answer), overload."""


class CallbackRequest(Base):
    __tablename__ = "callbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    state: Mapped[str] = mapped_column(sa.String(16), default=SCHEDULED, index=True)
    queue: Mapped[str] = mapped_column(sa.String(64), index=True)
    number: Mapped[str] = mapped_column(sa.String(32), index=True)
    caller_id: Mapped[str] = mapped_column(sa.String(32), default="")
    environment: Mapped[str] = mapped_column(sa.String(16), default="live")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    """When the dialer may place it: the chosen slot, or the time the caller's virtual place
    reaches the front of the queue; after a failed attempt, when the next one is due."""
    slot_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)
    origin: Mapped[str] = mapped_column(sa.String(16), default="api")
    """`flow` (a callback block) or `api`."""
    session_id: Mapped[str | None] = mapped_column(sa.String(128))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    attempts_made: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    """Why it failed, was cancelled or expired; how a connected call ended."""
    claimed_by: Mapped[str | None] = mapped_column(sa.String(200))
    created_by: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def to_dict(self, attempts: list[CallbackAttempt] | None = None) -> dict[str, Any]:
        out = {"id": self.id, "kind": self.kind, "state": self.state, "queue": self.queue,
               "number": self.number, "caller_id": self.caller_id,
               "environment": self.environment, "due_at": isoformat(self.due_at),
               "slot_start": isoformat(self.slot_start), "data": dict(self.data or {}),
               "origin": self.origin, "session_id": self.session_id,
               "attempts_made": self.attempts_made, "reason": self.reason,
               "created_by": self.created_by, "created_at": isoformat(self.created_at),
               "updated_at": isoformat(self.updated_at)}
        if attempts is not None:
            out["attempts"] = [attempt.to_dict() for attempt in attempts]
        return out


class CallbackAttempt(Base):
    """One dial of a callback, written when the dialer claims it and finished with the SIP
    result, so a dialer's crash mid-call still leaves the attempt on record."""

    __tablename__ = "callback_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    callback_id: Mapped[int] = mapped_column(
        sa.ForeignKey("callbacks.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(sa.String(32))
    dialer: Mapped[str] = mapped_column(sa.String(200), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sip_code: Mapped[int | None] = mapped_column()
    result: Mapped[str] = mapped_column(sa.String(16), default="dialing")
    """`dialing`, `connected`, `failed`."""
    reason: Mapped[str] = mapped_column(sa.String(200), default="")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "dialer": self.dialer,
                "started_at": isoformat(self.started_at), "ended_at": isoformat(self.ended_at),
                "sip_code": self.sip_code, "result": self.result, "reason": self.reason}


class CallbackRules(Base):
    """A queue's callback rules; a queue without a row uses the defaults below."""

    __tablename__ = "callback_rules"

    queue_id: Mapped[int] = mapped_column(sa.ForeignKey("queues.id", ondelete="CASCADE"),
                                          primary_key=True, autoincrement=False)
    min_wait_minutes: Mapped[int] = mapped_column(default=0)
    """Offer callbacks only when the estimated wait is over this (0: always)."""
    max_open_per_number: Mapped[int] = mapped_column(default=3)
    slot_minutes: Mapped[int] = mapped_column(default=30)
    slot_capacity: Mapped[int] = mapped_column(default=5)
    max_attempts: Mapped[int] = mapped_column(default=3)
    retry_interval_seconds: Mapped[int] = mapped_column(default=300)
    retry_sip_codes: Mapped[list[int]] = mapped_column(
        JSONColumn, default=lambda: list(DEFAULT_RETRY_SIP_CODES))
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    """Overrides the time zone of the queue's business hours (none: theirs, else UTC)."""

    def to_dict(self) -> dict[str, Any]:
        return {"min_wait_minutes": self.min_wait_minutes,
                "max_open_per_number": self.max_open_per_number,
                "slot_minutes": self.slot_minutes, "slot_capacity": self.slot_capacity,
                "max_attempts": self.max_attempts,
                "retry_interval_seconds": self.retry_interval_seconds,
                "retry_sip_codes": list(self.retry_sip_codes), "timezone": self.timezone}
