"""Flows as the Designer stores them: the editable draft, its immutable published versions, and
the edit lock that keeps two people from drawing over each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow
from interpreter.flow_model import FLOW_KINDS


class Flow(Base):
    """A flow's draft: what the editor opens and saves.

    `revision` is its ETag and SQLAlchemy's version counter: an update made from a stale copy
    changes nothing and raises `StaleDataError`, so two saves can never overwrite each other.
    """

    __tablename__ = "flows"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(20), default="application")
    channels: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    document: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    revision: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))

    __mapper_args__ = {"version_id_col": revision}

    def set_document(self, document: dict[str, Any]) -> None:
        """Store a draft and copy the fields the flow list shows (best effort: drafts may be
        unfinished)."""
        self.document = document
        name = document.get("name")
        self.name = name[:200] if isinstance(name, str) and name else self.id
        kind = document.get("kind")
        self.kind = kind if kind in FLOW_KINDS else "application"
        channels = document.get("channels")
        self.channels = [c for c in channels if isinstance(c, str)] if isinstance(channels, list) else []
        description = document.get("description")
        self.description = description if isinstance(description, str) else ""

    @property
    def etag(self) -> str:
        return f'"{self.revision}"'


class FlowVersion(Base):
    """A published, numbered, immutable copy of a draft."""

    __tablename__ = "flow_versions"
    __table_args__ = (sa.UniqueConstraint("flow_id", "number", name="uq_flow_versions_flow_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flow_id: Mapped[str] = mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    document: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(sa.String(64))

    def summary(self) -> dict[str, Any]:
        return {"version": self.number, "comment": self.comment,
                "created_at": isoformat(self.created_at), "created_by": self.created_by}


class EditLock(Base):
    """Who is editing a flow right now; it lapses unless the holder renews it."""

    __tablename__ = "edit_locks"

    flow_id: Mapped[str] = mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"),
                                         primary_key=True)
    holder_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    holder: Mapped[str] = mapped_column(sa.String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def active(self) -> bool:
        return self.expires_at > utcnow()

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder, "expires_at": isoformat(self.expires_at)}
