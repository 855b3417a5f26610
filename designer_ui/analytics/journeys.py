"""How sessions travel through a flow: the most frequent paths, a funnel over chosen
milestones, and the milestone report.

Paths and funnels are read from the session records of ended sessions (a path is only known
once a session is over); the milestone report from the block roll-ups.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from designer_ui.analytics.filters import Filters
from designer_ui.analytics.overlay import rollup_rows
from designer_ui.analytics.tables import TABLES
from runtime.analytics.summary import milestone_label


def _ended_sessions(filters: Filters) -> list[Any]:
    sessions = TABLES.sessions
    return [sessions.c.dim_id.in_(filters.dimension_ids()),
            sessions.c.started_at >= filters.start, sessions.c.started_at < filters.end,
            sessions.c.ended_at.is_not(None)]


def top_paths(conn: sa.Connection, filters: Filters, limit: int) -> dict[str, Any]:
    sessions = TABLES.sessions
    where = _ended_sessions(filters)
    total = conn.execute(sa.select(sa.func.count()).select_from(sessions).where(*where)).scalar_one()
    count = sa.func.count().label("sessions")
    top = list(conn.execute(sa.select(sessions.c.path, count).where(*where)
                            .group_by(sessions.c.path)
                            .order_by(count.desc(), sessions.c.path).limit(limit)))
    outcomes: dict[str, dict[str, int]] = defaultdict(dict)
    if top:
        breakdown = (sa.select(sessions.c.path, sessions.c.outcome, sa.func.count())
                     .where(*where, sessions.c.path.in_([row.path for row in top]))
                     .group_by(sessions.c.path, sessions.c.outcome))
        for path, outcome, number in conn.execute(breakdown):
            outcomes[path][outcome] = int(number)
    return {
        "range": filters.describe(),
        "sessions": int(total),
        "paths": [{"path": _blocks(row.path), "truncated": (row.path or "").endswith(">…"),
                   "sessions": int(row.sessions),
                   "share": round(row.sessions / total, 4) if total else 0.0,
                   "outcomes": dict(sorted(outcomes[row.path].items()))} for row in top],
    }


def _blocks(path: str | None) -> list[str]:
    if not path:
        return []
    return [block for block in path.split(">") if block != "…"]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def funnel(conn: sa.Connection, filters: Filters, milestones: list[str]) -> dict[str, Any]:
    """Sessions that reached the first milestone, then the second after it, and so on."""
    sessions = TABLES.sessions
    names = [milestone_label(name) for name in milestones]
    columns = [sa.func.count().label("total")]
    for index in range(len(names)):
        pattern = "%|" + "|%|".join(_like_escape(name) for name in names[:index + 1]) + "|%"
        reached = sessions.c.milestones.like(pattern, escape="\\")
        columns.append(sa.func.coalesce(sa.func.sum(sa.case((reached, 1), else_=0)), 0)
                       .label(f"step{index}"))
    row = conn.execute(sa.select(*columns).where(*_ended_sessions(filters))).one()._mapping
    total = int(row["total"])
    steps, previous = [], total
    for index, name in enumerate(milestones):
        reached_count = int(row[f"step{index}"])
        steps.append({"milestone": name, "sessions": reached_count,
                      "rate": round(reached_count / total, 4) if total else 0.0,
                      "rate_from_previous": round(reached_count / previous, 4) if previous else 0.0})
        previous = reached_count
    return {"range": filters.describe(), "sessions": total, "steps": steps}


def milestone_report(conn: sa.Connection, filters: Filters, flow_id: str) -> dict[str, Any]:
    """Per milestone: how often it was reported, by how many sessions, and at which blocks."""
    hits: dict[str, dict[str, int]] = defaultdict(dict)
    reached: dict[str, int] = {}
    started = ended = 0
    for row in rollup_rows(conn, filters, flow_id):
        count, metric, key = row["hits"], row["metric"], row["key"]
        if metric == "milestone":
            hits[key][row["block"]] = hits[key].get(row["block"], 0) + count
        elif metric == "reached":
            reached[key] = count
        elif metric == "started":
            started += count
        elif metric == "outcome":
            ended += count
    names = sorted(set(hits) | set(reached))
    return {
        "flow_id": flow_id, "range": filters.describe(3600), "sessions": started,
        "ended": ended,
        "milestones": [{"name": name, "events": sum(hits[name].values()),
                        "sessions": reached.get(name, 0),
                        "share": round(reached.get(name, 0) / ended, 4) if ended else 0.0,
                        "blocks": dict(sorted(hits[name].items()))} for name in names],
    }
