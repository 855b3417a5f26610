"""The audit log: every change anyone makes, with who, when and what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    username: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": isoformat(self.at), "user": self.username,
                "action": self.action, "object": self.object, "details": self.details or {}}
