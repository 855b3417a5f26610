"""Legal holds: an interaction, a flow or a number whose call records and recordings must not be
purged, whatever their age, until the hold is released."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import UTCDateTime, isoformat, utcnow

HOLD_KINDS = ("interaction", "flow", "number")
"""`interaction`: a call's record id or SIP Call-ID; `flow`: a flow id; `number`: a caller's
(ANI) or called (DNIS) number, compared as stored."""


class LegalHold(Base):
    __tablename__ = "legal_holds"
    __table_args__ = (sa.UniqueConstraint("kind", "value", name="uq_legal_holds_kind_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[str] = mapped_column(sa.String(255))
    reason: Mapped[str] = mapped_column(sa.String(1000), default="")
    created_by: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "value": self.value, "reason": self.reason,
                "created_by": self.created_by, "created_at": isoformat(self.created_at)}
