"""Call detail records of the voice channel, one row per call, written by the voice workers
(`designer_ui.voice_cdrs`) and read by the Calls API and page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn

LIST_FIELDS = ("path", "milestones", "dtmf", "recordings", "transfers")


def epoch_iso(value: float | None) -> str | None:
    """Epoch seconds as ISO 8601 in UTC with a `Z` (milliseconds kept)."""
    if value is None:
        return None
    text = datetime.fromtimestamp(value, UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


class VoiceCallRecord(Base):
    __tablename__ = "voice_calls"
    __table_args__ = (sa.Index("ix_voice_calls_flow_started", "flow_id", "started_at"),)

    id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    sip_call_id: Mapped[str] = mapped_column(sa.String(255), default="")
    ani: Mapped[str] = mapped_column(sa.String(255), default="")
    dnis: Mapped[str] = mapped_column(sa.String(255), default="")
    worker: Mapped[int] = mapped_column(sa.Integer, default=0)
    started_at: Mapped[float] = mapped_column(sa.Float, index=True)
    answered_at: Mapped[float | None] = mapped_column(sa.Float)
    ended_at: Mapped[float | None] = mapped_column(sa.Float)
    flow_id: Mapped[str | None] = mapped_column(sa.String(64))
    flow_version: Mapped[str | None] = mapped_column(sa.String(32))
    environment: Mapped[str] = mapped_column(sa.String(32), default="")
    disposition: Mapped[str] = mapped_column(sa.String(100), default="", index=True)
    ended_by: Mapped[str] = mapped_column(sa.String(32), default="")
    sip_status: Mapped[int | None] = mapped_column(sa.Integer)
    path: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    milestones: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    dtmf: Mapped[list[dict[str, Any]]] = mapped_column(JSONColumn, default=list)
    recordings: Mapped[list[dict[str, Any]]] = mapped_column(JSONColumn, default=list)
    transfers: Mapped[list[dict[str, Any]]] = mapped_column(JSONColumn, default=list)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)

    def duration_s(self) -> float | None:
        if self.ended_at is None:
            return None
        return round(max(self.ended_at - (self.answered_at or self.started_at), 0.0), 3)

    def summary(self) -> dict[str, Any]:
        answer_s = None if self.answered_at is None else round(self.answered_at - self.started_at, 3)
        return {"id": self.id, "sip_call_id": self.sip_call_id, "ani": self.ani,
                "dnis": self.dnis, "worker": self.worker, "flow_id": self.flow_id,
                "flow_version": self.flow_version, "environment": self.environment,
                "started_at": epoch_iso(self.started_at),
                "answered_at": epoch_iso(self.answered_at),
                "ended_at": epoch_iso(self.ended_at), "answer_s": answer_s,
                "duration_s": self.duration_s(), "disposition": self.disposition,
                "ended_by": self.ended_by, "sip_status": self.sip_status,
                "blocks": len(self.path or []), "keys": len(self.dtmf or []),
                "recording_count": len(self.recordings or []),
                "transfer_count": len(self.transfers or [])}

    def to_dict(self) -> dict[str, Any]:
        metrics = dict(self.metrics or {})
        latencies = {name: metrics.pop(name) for name in list(metrics) if name.endswith("_ms")}
        return {**self.summary(), **{name: list(getattr(self, name) or []) for name in LIST_FIELDS},
                "latencies": latencies, "metrics": metrics}
