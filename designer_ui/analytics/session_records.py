"""Session detail records: one row per session with its flow, place, outcome and path, for the
API and for exports to customers' own BI tools."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from designer_ui.analytics.filters import Filters, iso
from designer_ui.analytics.tables import TABLES

COLUMNS = ("session_id", "origin", "flow_id", "flow_version", "environment", "channel",
           "entry_point", "started_at", "ended_at", "duration_s", "outcome", "end_reason",
           "reached_assisted", "last_block", "event_count", "error_count", "path", "milestones")


def _query(filters: Filters, outcome: str | None) -> sa.Select[Any]:
    s, d = TABLES.sessions, TABLES.dimensions
    query = (sa.select(s.c.session_id, d.c.origin, d.c.flow_id, d.c.flow_version,
                       d.c.environment, d.c.channel, d.c.entry_point, s.c.started_at,
                       s.c.ended_at, s.c.duration_s, s.c.outcome, s.c.end_reason,
                       s.c.reached_assisted, s.c.last_block, s.c.event_count, s.c.error_count,
                       s.c.path, s.c.milestones)
             .join(d, d.c.id == s.c.dim_id)
             .where(s.c.dim_id.in_(filters.dimension_ids()),
                    s.c.started_at >= filters.start, s.c.started_at < filters.end)
             .order_by(s.c.started_at.desc(), s.c.session_id))
    if outcome is not None:
        query = query.where(s.c.outcome == outcome)
    return query


def record(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    data["started_at"] = iso(data["started_at"])
    data["ended_at"] = iso(data["ended_at"])
    data["reached_assisted"] = bool(data["reached_assisted"])
    if data["duration_s"] is not None:
        data["duration_s"] = round(float(data["duration_s"]), 3)
    data["path"] = [block for block in (data["path"] or "").split(">") if block]
    data["milestones"] = [name for name in (data["milestones"] or "").split("|") if name]
    return data


def list_sessions(conn: sa.Connection, filters: Filters, *, outcome: str | None, limit: int,
                  offset: int) -> dict[str, Any]:
    count_query = sa.select(sa.func.count()).select_from(
        _query(filters, outcome).order_by(None).subquery())
    total = conn.execute(count_query).scalar_one()
    rows = conn.execute(_query(filters, outcome).limit(limit).offset(offset))
    return {"range": filters.describe(), "total": int(total), "offset": offset,
            "sessions": [record(row) for row in rows]}


def iter_sessions(conn: sa.Connection, filters: Filters, *, outcome: str | None,
                  max_rows: int) -> Iterator[dict[str, Any]]:
    """Every matching session, streamed from the database in chunks (CSV export)."""
    result = conn.execution_options(yield_per=2000).execute(
        _query(filters, outcome).limit(max_rows))
    for row in result:
        yield record(row)


def session_detail(conn: sa.Connection, session_id: str) -> dict[str, Any] | None:
    s, d, e = TABLES.sessions, TABLES.dimensions, TABLES.events
    row = conn.execute(sa.select(s.c.session_id, d.c.origin, d.c.flow_id, d.c.flow_version,
                                 d.c.environment, d.c.channel, d.c.entry_point, s.c.started_at,
                                 s.c.ended_at, s.c.duration_s, s.c.outcome, s.c.end_reason,
                                 s.c.reached_assisted, s.c.last_block, s.c.event_count,
                                 s.c.error_count, s.c.path, s.c.milestones)
                       .join(d, d.c.id == s.c.dim_id).where(s.c.session_id == session_id)
                       ).one_or_none()
    if row is None:
        return None
    events = conn.execute(sa.select(e).where(e.c.session_id == session_id).order_by(e.c.seq))
    detail = record(row)
    detail["events"] = [{"id": f"{event.session_id}:{event.seq}", "seq": event.seq,
                         "ts": iso(event.ts), "kind": event.kind, "block": event.block,
                         "module": event.module, "data": event.data or {}}
                        for event in events]
    return detail
