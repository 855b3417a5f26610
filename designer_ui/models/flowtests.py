"""Each flow's flow tests: one YAML file's text, as `designer test` would read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow


class FlowTestSuite(Base):
    __tablename__ = "flow_tests"

    flow_id: Mapped[str] = mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"),
                                         primary_key=True)
    yaml: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))
    last_results: Mapped[dict[str, Any] | None] = mapped_column(JSONColumn)

    def to_dict(self) -> dict[str, Any]:
        return {"flow_id": self.flow_id, "yaml": self.yaml,
                "updated_at": isoformat(self.updated_at), "updated_by": self.updated_by,
                "last_results": self.last_results}
