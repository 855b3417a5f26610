"""Business Controls: what business users change without touching a flow — opening hours,
special days, emergency flags and data tables. Flows read them at run time by name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import JSONColumn, UTCDateTime, isoformat, utcnow


class BusinessControl:
    """Columns every Business Control has: a name and who changed it last."""

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))

    def stamp(self) -> dict[str, Any]:
        return {"name": self.name, "updated_at": isoformat(self.updated_at),
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
