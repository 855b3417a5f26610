"""The Bot Registry's tables: the bots, the history of native bot definitions, and which
definition each published flow version was published with.

A native bot's intents and examples decide how a flow behaves as much as the flow's own blocks,
so they are versioned with the flow: every change of the definition is kept as a numbered
revision (with its SHA-256), and publishing a flow pins the revision each of its native bots had
then. Credentials live only in `credentials`, as a Fernet token (see `designer_ui.bots.crypto`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from designer_ui.extensions import Base
from designer_ui.models import FlowVersion
from designer_ui.models.base import JSONColumn, UTCDateTime, utcnow


class BotRecord(Base):
    """One registered bot. `settings` holds every non-secret field of its definition.

    `revision` is the record's ETag and version counter; `native_revision` counts only changes
    of a native bot's definition, which is what published flows pin.
    """

    __tablename__ = "bots"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    settings: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)
    intents: Mapped[list[dict[str, Any]]] = mapped_column(JSONColumn, default=list)
    native: Mapped[dict[str, Any] | None] = mapped_column(JSONColumn, nullable=True)
    native_revision: Mapped[int | None] = mapped_column(nullable=True)
    native_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    credentials: Mapped[str | None] = deferred(mapped_column(sa.Text, nullable=True))
    credential_fields: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    revision: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))

    __mapper_args__ = {"version_id_col": revision}

    @property
    def etag(self) -> str:
        return f'"{self.revision}"'


class NativeBotRevision(Base):
    """A native bot's definition as it was at one revision; kept while flows may pin it."""

    __tablename__ = "bot_native_revisions"
    __table_args__ = (sa.UniqueConstraint("bot_name", "revision",
                                          name="uq_bot_native_revisions_bot_revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bot_name: Mapped[str] = mapped_column(sa.ForeignKey("bots.name", ondelete="CASCADE"),
                                          index=True)
    revision: Mapped[int]
    hash: Mapped[str] = mapped_column(sa.String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(sa.String(64))


class FlowVersionBot(Base):
    """Published version N of flow F runs native bot B at revision R (whose hash is H)."""

    __tablename__ = "flow_version_bots"
    __table_args__ = (sa.UniqueConstraint("flow_version_id", "bot_name",
                                          name="uq_flow_version_bots_version_bot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flow_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("flow_versions.id", ondelete="CASCADE"), index=True)
    bot_name: Mapped[str] = mapped_column(sa.String(64), index=True)
    native_revision: Mapped[int]
    native_hash: Mapped[str] = mapped_column(sa.String(64))

    flow_version: Mapped[FlowVersion] = relationship()
