"""Simulator sessions kept server-side as JSON, so any worker process can continue a run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, utcnow


class SimulatorSession(Base):
    """`step` counts the requests that advanced the session; a request working from a stale
    copy fails (`StaleDataError`) instead of overwriting another's progress."""

    __tablename__ = "simulator_sessions"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    flow_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    version: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[str] = mapped_column(sa.String(10))
    document: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)
    state: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    transcript: Mapped[list[Any]] = mapped_column(JSONColumn, default=list)
    trace: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    waiting_for: Mapped[str | None] = mapped_column(sa.String(32))
    step: Mapped[int] = mapped_column()
    ended: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": step}
