"""The dashboard's figures, from the session roll-ups only (minutes and hours): sessions,
containment, routed, abandoned, errors, average and p90 duration, and their time series."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from designer_ui.analytics.filters import Filters, iso
from designer_ui.analytics.query_args import BUCKETS_MINUTES
from designer_ui.analytics.tables import TABLES
from designer_ui.analytics.tiers import tiered_rows
from runtime.analytics.durations import percentile

COUNTERS = ("started", "ended", "contained", "routed", "abandoned", "unrouted", "errored",
            "error_events")
MAX_POINTS = 1500


def _rate(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def summary(conn: sa.Connection, filters: Filters) -> dict[str, Any]:
    dims = filters.dimension_ids()
    names = (*COUNTERS, "duration_sum")

    def counters(table: sa.Table, when: sa.ColumnElement[Any]) -> sa.Select[Any]:
        return sa.select(*[sa.func.coalesce(sa.func.sum(table.c[name]), 0).label(name)
                           for name in names]).where(when, table.c.dim_id.in_(dims))

    sums = dict.fromkeys(names, 0.0)
    for row in tiered_rows(conn, TABLES.session_minutes, TABLES.session_hours, "minute", "hour",
                           filters.minutes, 60, counters):
        for name in names:
            sums[name] += float(row._mapping[name] or 0)

    def buckets(table: sa.Table, when: sa.ColumnElement[Any]) -> sa.Select[Any]:
        return (sa.select(table.c.bucket, sa.func.sum(table.c.sessions).label("sessions"))
                .where(when, table.c.dim_id.in_(dims)).group_by(table.c.bucket))

    histogram: dict[int, int] = {}
    for row in tiered_rows(conn, TABLES.duration_hours, TABLES.duration_days, "hour", "day",
                           filters.hours, 24, buckets):
        histogram[int(row.bucket)] = histogram.get(int(row.bucket), 0) + int(row.sessions)
    totals = {name: int(sums[name]) for name in COUNTERS}
    ended = totals["ended"]
    return {
        "range": filters.describe(60),
        "sessions": totals["started"],
        "active": max(0, totals["started"] - ended),
        "ended": ended,
        "contained": totals["contained"],
        "routed": totals["routed"],
        "abandoned": totals["abandoned"],
        "unrouted": totals["unrouted"],
        "errors": totals["errored"],
        "error_events": totals["error_events"],
        "containment_rate": _rate(totals["contained"], ended),
        "routed_rate": _rate(totals["routed"], ended),
        "abandoned_rate": _rate(totals["abandoned"], ended),
        "error_rate": _rate(totals["errored"], ended),
        "avg_duration_s": round(sums["duration_sum"] / ended, 3) if ended else None,
        "p90_duration_s": percentile(histogram, 0.9),
    }


def bucket_for(filters: Filters, wanted: int | None) -> int:
    """Minutes per point: the one asked for, else the finest that keeps the chart readable."""
    span_minutes = (filters.end - filters.start) / 60
    fitting = next((size for size in BUCKETS_MINUTES if span_minutes / size <= 240), 1440)
    bucket = wanted or fitting
    while span_minutes / bucket > MAX_POINTS and bucket < 1440:
        bucket = next(size for size in BUCKETS_MINUTES if size > bucket)
    return bucket


def series(conn: sa.Connection, filters: Filters, wanted_bucket: int | None) -> dict[str, Any]:
    """Points of `bucket` minutes; an hour or more per point reads the hourly roll-up."""
    bucket = bucket_for(filters, wanted_bucket)
    hourly = bucket % 60 == 0
    table = TABLES.session_hours if hourly else TABLES.session_minutes
    grain, per_slot = ("hour", bucket // 60) if hourly else ("minute", bucket)
    first, last = filters.hours if hourly else filters.minutes
    slot = (table.c[grain] // per_slot).label("slot")
    names = ("started", "ended", "contained", "routed", "abandoned", "unrouted", "errored")
    query = (sa.select(slot, *[sa.func.sum(table.c[name]).label(name) for name in names])
             .where(table.c[grain].between(first, last),
                    table.c.dim_id.in_(filters.dimension_ids()))
             .group_by(slot))
    found = {int(row.slot): row._mapping for row in conn.execute(query)}
    points = []
    for index in range(first // per_slot, last // per_slot + 1):
        row = found.get(index)
        values = {name: int(row[name]) if row is not None else 0 for name in names}
        points.append({"t": iso(index * bucket * 60), "sessions": values["started"],
                       "ended": values["ended"], "contained": values["contained"],
                       "routed": values["routed"], "abandoned": values["abandoned"],
                       "unrouted": values["unrouted"], "errors": values["errored"]})
    return {"range": filters.describe(bucket * 60), "bucket_minutes": bucket, "points": points}
