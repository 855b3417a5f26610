"""Where published versions run: the dev/test/live environments and the entry points (phone
numbers and chat keys) that lead callers into a flow."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow

if TYPE_CHECKING:
    from designer_ui.models.queues import Queue

ENVIRONMENTS = ("dev", "test", "live")
ENTRY_POINT_KINDS = ("phone", "chat")


class EnvironmentBinding(Base):
    """Environment X runs version N of flow F."""

    __tablename__ = "environment_bindings"

    environment: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    flow_id: Mapped[str] = mapped_column(sa.ForeignKey("flows.id", ondelete="RESTRICT"),
                                         primary_key=True)
    version: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))


class EntryPoint(Base):
    __tablename__ = "entry_points"
    __table_args__ = (sa.UniqueConstraint("kind", "address", name="uq_entry_points_kind_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    address: Mapped[str] = mapped_column(sa.String(200))
    flow_id: Mapped[str | None] = mapped_column(sa.ForeignKey("flows.id", ondelete="RESTRICT"),
                                                index=True)
    """The flow a contact starts in; None when the entry point names a queue instead."""
    queue_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("queues.id", ondelete="RESTRICT"), index=True)
    """A queue the contact goes straight into (with the queue's in-queue flow), or None."""
    environment: Mapped[str] = mapped_column(sa.String(16), default="live")
    fields: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    queue: Mapped[Queue | None] = relationship("Queue", lazy="joined")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "address": self.address,
                "flow_id": self.flow_id, "queue": self.queue.name if self.queue else None,
                "environment": self.environment,
                "fields": dict(self.fields or {}), "updated_at": isoformat(self.updated_at)}
