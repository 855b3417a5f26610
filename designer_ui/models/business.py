"""Business Controls: what business users change without touching a flow — opening hours,
special days, emergency flags, data tables and announcements. Each holds one value per
environment (dev, test, live); flows read them at run time by name, in the environment their
entry point is bound to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow


class BusinessControl:
    """Columns every Business Control has: its environment, a name and who changed it last."""

    environment: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))

    def stamp(self) -> dict[str, Any]:
        return {"environment": self.environment, "name": self.name, "updated_at": isoformat(self.updated_at),
                "updated_by": self.updated_by}


class BusinessHoursRecord(BusinessControl, Base):
    __tablename__ = "business_hours"

    schedule: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.stamp(), "schedule": self.schedule}


class SpecialDaysRecord(BusinessControl, Base):
    __tablename__ = "special_days"

    days: Mapped[list[Any]] = mapped_column(JSONColumn, default=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.stamp(), "days": self.days}


class EmergencyFlag(BusinessControl, Base):
    __tablename__ = "emergency_flags"

    on: Mapped[bool] = mapped_column(default=False)

    def to_dict(self) -> dict[str, Any]:
        return {**self.stamp(), "on": self.on}


class DataTableRecord(BusinessControl, Base):
    """Rows as JSON objects; `key_column` is the primary key flows look rows up by."""

    __tablename__ = "data_tables"

    key_column: Mapped[str] = mapped_column(sa.String(64))
    columns: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSONColumn, default=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.stamp(), "key": self.key_column, "columns": self.columns,
                "rows": self.rows}

    def row(self, key: str) -> dict[str, Any] | None:
        for row in self.rows:
            if str(row.get(self.key_column)) == key:
                return row
        return None


class AnnouncementRecord(BusinessControl, Base):
    """A named prompt flows say by name (`{"announcement": NAME}`): text and/or a recording
    (a shared prompt's uploaded audio) per language, said only within its effective period.
    `version` grows with every change, so players and caches can tell versions apart."""

    __tablename__ = "announcements"

    texts: Mapped[dict[str, str]] = mapped_column(JSONColumn, default=dict)
    recordings: Mapped[dict[str, str]] = mapped_column(JSONColumn, default=dict)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    def to_dict(self) -> dict[str, Any]:
        return {**self.stamp(), "texts": self.texts, "recordings": self.recordings,
                "starts_at": isoformat(self.starts_at), "ends_at": isoformat(self.ends_at),
                "version": self.version}

    def in_effect(self, moment: datetime) -> bool:
        return ((self.starts_at is None or self.starts_at <= moment)
                and (self.ends_at is None or moment < self.ends_at))
