"""What the canvas overlay draws for one flow: per block its visits, per port its share, the
drop-off, input outcomes, errors and time spent — from the block roll-ups (hours and days).

Blocks inside a module are counted for the module's own flow (across every flow that calls
it), so a module's canvas shows how it is used everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from designer_ui.analytics.filters import Filters
from designer_ui.analytics.tables import TABLES
from designer_ui.analytics.tiers import tiered_rows

GROUPS = {"port": "ports", "input": "inputs", "error": "errors", "milestone": "milestones",
          "intent": "intents", "route": "routes", "transfer": "transfers", "hangup": "hangups"}


def rollup_rows(conn: sa.Connection, filters: Filters, flow_id: str) -> list[dict[str, Any]]:
    """(block, metric, key, hits, seconds) over the range's hours: whole days from the daily
    roll-up, the hours at either end from the hourly one."""
    dims = filters.dimension_ids(with_flow=False)

    def query(table: sa.Table, when: sa.ColumnElement[Any]) -> sa.Select[Any]:
        select = (sa.select(table.c.block, table.c.metric, table.c.key,
                            sa.func.sum(table.c.count).label("hits"),
                            sa.func.sum(table.c.total).label("seconds"))
                  .where(table.c.flow_id == flow_id, when, table.c.dim_id.in_(dims))
                  .group_by(table.c.block, table.c.metric, table.c.key))
        if filters.version is not None:
            select = select.where(table.c.flow_version == filters.version)
        return select

    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in tiered_rows(conn, TABLES.block_hours, TABLES.block_days, "hour", "day",
                           filters.hours, 24, query):
        slot = merged.setdefault((row.block, row.metric, row.key),
                                 {"block": row.block, "metric": row.metric, "key": row.key,
                                  "hits": 0, "seconds": 0.0})
        slot["hits"] += int(row.hits or 0)
        slot["seconds"] += float(row.seconds or 0.0)
    return list(merged.values())


def _share(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {key: round(value / total, 4) if total else 0.0 for key, value in counts.items()}


def _block_figures(metrics: dict[str, Any]) -> dict[str, Any]:
    visits = int(metrics.get("visit", 0))
    figures: dict[str, Any] = {"visits": visits}
    for metric, name in GROUPS.items():
        figures[name] = dict(sorted(metrics.get(metric, {}).items()))
    figures["port_share"] = _share(figures["ports"])
    inputs = figures["inputs"]
    attempts = sum(inputs.values())
    for outcome in ("match", "noinput", "nomatch"):
        figures[f"{outcome}_rate"] = round(inputs.get(outcome, 0) / attempts, 4) if attempts else 0.0
    figures["error_count"] = sum(figures["errors"].values())
    figures["error_rate"] = round(figures["error_count"] / visits, 4) if visits else 0.0
    dropoff = int(metrics.get("dropoff", 0))
    figures["dropoff"] = dropoff
    figures["dropoff_rate"] = round(dropoff / visits, 4) if visits else 0.0
    timed, seconds = metrics.get("time", (0, 0.0))
    figures["time"] = {"visits": int(timed), "total_s": round(float(seconds), 3),
                       "avg_s": round(float(seconds) / timed, 3) if timed else None}
    return figures


def block_overlay(conn: sa.Connection, filters: Filters, flow_id: str) -> dict[str, Any]:
    per_block: dict[str, dict[str, Any]] = defaultdict(dict)
    flow_level: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rollup_rows(conn, filters, flow_id):
        count, metric, key = row["hits"], row["metric"], row["key"]
        if row["block"] == "":
            flow_level[metric][key] = count
            continue
        metrics = per_block[row["block"]]
        if metric in ("visit", "dropoff"):
            metrics[metric] = count
        elif metric == "time":
            metrics["time"] = (count, row["seconds"])
        else:
            metrics.setdefault(metric, {})[key] = count
    blocks = {block: _block_figures(metrics) for block, metrics in sorted(per_block.items())}
    outcomes = flow_level.get("outcome", {})
    return {
        "flow_id": flow_id,
        "range": filters.describe(3600),
        "sessions": flow_level.get("started", {}).get("", 0),
        "ended": sum(outcomes.values()),
        "outcomes": dict(sorted(outcomes.items())),
        "max_visits": max((figures["visits"] for figures in blocks.values()), default=0),
        "blocks": blocks,
    }
