"""A request's filters as SQL: which dimension rows, which minutes or hours.

Roll-ups are counted per dimension row (origin, flow, version, environment, channel, entry
point), so every filter becomes one small sub-query on `analytics_dimensions`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from designer_ui.analytics.tables import TABLES


@dataclass(frozen=True)
class Filters:
    start: float
    end: float
    origin: str = "live"
    flow: str | None = None
    version: str | None = None
    channel: str | None = None
    environment: str | None = None
    entry_point: str | None = None

    @classmethod
    def from_args(cls, args: dict[str, Any], **overrides: Any) -> Filters:
        names = ("start", "end", "origin", "flow", "version", "channel", "environment",
                 "entry_point")
        values: dict[str, Any] = {name: args.get(name) for name in names}
        values.update(overrides)
        return cls(**values)

    def dimension_ids(self, *, with_flow: bool = True) -> sa.Select[Any]:
        """Ids of the dimension rows the filters select (without the flow and version when a
        roll-up keeps the block's own flow, as the block roll-up does)."""
        dims = TABLES.dimensions
        query = sa.select(dims.c.id)
        wanted = {"origin": None if self.origin == "all" else self.origin,
                  "channel": self.channel, "environment": self.environment,
                  "entry_point": self.entry_point}
        if with_flow:
            wanted.update(flow_id=self.flow, flow_version=self.version)
        for column, value in wanted.items():
            if value is not None:
                query = query.where(dims.c[column] == value)
        return query

    @property
    def minutes(self) -> tuple[int, int]:
        """First and last minute (inclusive) touching the range."""
        return int(self.start // 60), math.ceil(self.end / 60) - 1

    @property
    def hours(self) -> tuple[int, int]:
        return int(self.start // 3600), math.ceil(self.end / 3600) - 1

    def describe(self, granularity_s: int | None = None) -> dict[str, Any]:
        """The range as counted (widened to whole minutes or hours) and the filters."""
        start, end = self.start, self.end
        if granularity_s:
            start = (start // granularity_s) * granularity_s
            end = math.ceil(end / granularity_s) * granularity_s
        return {"from": iso(start), "to": iso(end), "origin": self.origin, "flow": self.flow,
                "version": self.version, "channel": self.channel,
                "environment": self.environment, "entry_point": self.entry_point}


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
