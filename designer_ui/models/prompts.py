"""Shared prompts: text-to-speech per language, or recorded audio a business user uploads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow


class Prompt(Base):
    __tablename__ = "prompts"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    texts: Mapped[dict[str, str]] = mapped_column(JSONColumn, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))


class PromptAudio(Base):
    """One uploaded recording of a prompt in one language (WAV, size-limited)."""

    __tablename__ = "prompt_audio"
    __table_args__ = (sa.UniqueConstraint("prompt_name", "language",
                                          name="uq_prompt_audio_prompt_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_name: Mapped[str] = mapped_column(sa.ForeignKey("prompts.name", ondelete="CASCADE"),
                                             index=True)
    language: Mapped[str] = mapped_column(sa.String(35))
    content_type: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[str | None] = mapped_column(sa.String(64))

    def to_dict(self) -> dict[str, Any]:
        return {"content_type": self.content_type, "size": self.size,
                "uploaded_at": isoformat(self.uploaded_at), "uploaded_by": self.uploaded_by,
                "url": f"/api/v1/prompts/{self.prompt_name}/audio/{self.language}"}
