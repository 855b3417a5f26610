"""SRGS grammars business users upload per language, which `input` and `menu` blocks name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import UTCDateTime, isoformat, utcnow


class SrgsGrammarRecord(Base):
    """One grammar text (GRXML or ABNF) under one name in one language; checked on upload."""

    __tablename__ = "srgs_grammars"
    __table_args__ = (sa.UniqueConstraint("name", "language",
                                          name="uq_srgs_grammars_name_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), index=True)
    language: Mapped[str] = mapped_column(sa.String(35))
    mode: Mapped[str] = mapped_column(sa.String(8))
    source: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))

    def to_dict(self, with_source: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "language": self.language, "mode": self.mode,
                                "size": len(self.source), "updated_at": isoformat(self.updated_at),
                                "updated_by": self.updated_by}
        if with_source:
            data["source"] = self.source
        return data
