"""Dashboard and canvas figures: summary, time series, per-block overlay, paths, funnel and
milestones — JSON, or CSV with `?format=csv`."""

from __future__ import annotations

from typing import Any

from designer_ui.analytics import dashboard, journeys, overlay
from designer_ui.analytics.block_labels import block_labels
from designer_ui.analytics.blueprint import blueprint, connection, filters_from, readers, respond
from designer_ui.analytics.query_args import (
    AnalyticsFunnelQuery,
    AnalyticsPathsQuery,
    AnalyticsQuery,
    AnalyticsSeriesQuery,
)
from designer_ui.analytics.schemas import (
    AnalyticsBlocksOut,
    AnalyticsFunnelOut,
    AnalyticsMilestonesOut,
    AnalyticsPathsOut,
    AnalyticsSeriesOut,
    AnalyticsSummaryOut,
)
from designer_ui.api.docs import documented
from designer_ui.errors import ApiError

CSV = "Add `format=csv` for CSV."
SUMMARY_COLUMNS = ("from", "to", "sessions", "active", "ended", "contained", "routed",
                   "abandoned", "unrouted", "errors", "error_events", "containment_rate",
                   "routed_rate", "abandoned_rate", "error_rate", "avg_duration_s",
                   "p90_duration_s")


@blueprint.get("/analytics/summary")
@readers
@documented("Dashboard figures for a range: sessions, containment, routed, abandoned, errors, "
            "average and p90 duration", query=AnalyticsQuery, response=AnalyticsSummaryOut,
            description=CSV)
def summary_view() -> Any:
    filters, args = filters_from(AnalyticsQuery())
    with connection() as conn:
        body = dashboard.summary(conn, filters)
    return respond(args, body, SUMMARY_COLUMNS,
                   lambda b: [{**b, "from": b["range"]["from"], "to": b["range"]["to"]}],
                   "analytics-summary.csv")


@blueprint.get("/analytics/series")
@readers
@documented("The dashboard's time series (zero-filled points)", query=AnalyticsSeriesQuery,
            response=AnalyticsSeriesOut, description=CSV)
def series_view() -> Any:
    filters, args = filters_from(AnalyticsSeriesQuery())
    with connection() as conn:
        body = dashboard.series(conn, filters, args.get("bucket"))
    return respond(args, body, ("t", "sessions", "ended", "contained", "routed", "abandoned",
                                "unrouted", "errors"), lambda b: b["points"],
                   "analytics-series.csv")


def _block_rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for block, figures in body["blocks"].items():
        rows.append({"block": block, "metric": "visits", "count": figures["visits"]})
        rows.append({"block": block, "metric": "dropoff", "count": figures["dropoff"],
                     "rate": figures["dropoff_rate"]})
        for port, count in figures["ports"].items():
            rows.append({"block": block, "metric": "port", "key": port, "count": count,
                         "rate": figures["port_share"][port]})
        for outcome, count in figures["inputs"].items():
            rows.append({"block": block, "metric": "input", "key": outcome, "count": count,
                         "rate": figures.get(f"{outcome}_rate")})
        for kind, count in figures["errors"].items():
            rows.append({"block": block, "metric": "error", "key": kind, "count": count})
        time = figures["time"]
        rows.append({"block": block, "metric": "time", "count": time["visits"],
                     "total_s": time["total_s"], "avg_s": time["avg_s"]})
    return rows


@blueprint.get("/analytics/flows/<flow_id>/blocks")
@readers
@documented("Per block of a flow: visits, port shares, drop-off, input outcomes, errors, time "
            "spent (the canvas overlay; counted in whole hours)", query=AnalyticsQuery,
            response=AnalyticsBlocksOut, description=CSV)
def blocks_view(flow_id: str) -> Any:
    filters, args = filters_from(AnalyticsQuery(), flow=flow_id)
    with connection() as conn:
        body = overlay.block_overlay(conn, filters, flow_id)
    return respond(args, body, ("block", "metric", "key", "count", "rate", "total_s", "avg_s"),
                   _block_rows, f"analytics-{flow_id}-blocks.csv")


@blueprint.get("/analytics/flows/<flow_id>/paths")
@readers
@documented("The most frequent paths through a flow (ended sessions)", query=AnalyticsPathsQuery,
            response=AnalyticsPathsOut, description=CSV)
def paths_view(flow_id: str) -> Any:
    filters, args = filters_from(AnalyticsPathsQuery(), flow=flow_id)
    with connection() as conn:
        body = journeys.top_paths(conn, filters, args["limit"])
    body["labels"] = block_labels(flow_id, {block for p in body["paths"] for block in p["path"]})
    return respond(args, body, ("rank", "sessions", "share", "path", "outcomes"),
                   lambda b: [{"rank": index + 1, "sessions": p["sessions"], "share": p["share"],
                               "path": ">".join(p["path"]) + (">…" if p["truncated"] else ""),
                               "outcomes": ";".join(f"{k}={v}" for k, v in p["outcomes"].items())}
                              for index, p in enumerate(b["paths"])],
                   f"analytics-{flow_id}-paths.csv")


@blueprint.get("/analytics/flows/<flow_id>/funnel")
@readers
@documented("A funnel over milestones in order: sessions that reached each one after the ones "
            "before it", query=AnalyticsFunnelQuery, response=AnalyticsFunnelOut, description=CSV)
def funnel_view(flow_id: str) -> Any:
    filters, args = filters_from(AnalyticsFunnelQuery(), flow=flow_id)
    names = [name.strip() for name in args["milestones"].split(",") if name.strip()]
    if not names or len(names) > 20:
        raise ApiError(400, "Name 1 to 20 milestones, separated by commas.",
                       code="invalid_query")
    with connection() as conn:
        body = journeys.funnel(conn, filters, names)
    return respond(args, body, ("step", "milestone", "sessions", "rate", "rate_from_previous"),
                   lambda b: [{"step": index + 1, **step} for index, step in enumerate(b["steps"])],
                   f"analytics-{flow_id}-funnel.csv")


@blueprint.get("/analytics/flows/<flow_id>/milestones")
@readers
@documented("The milestone report of a flow: events, sessions reaching each milestone, and "
            "where", query=AnalyticsQuery, response=AnalyticsMilestonesOut, description=CSV)
def milestones_view(flow_id: str) -> Any:
    filters, args = filters_from(AnalyticsQuery(), flow=flow_id)
    with connection() as conn:
        body = journeys.milestone_report(conn, filters, flow_id)
    return respond(args, body, ("name", "events", "sessions", "share"),
                   lambda b: b["milestones"], f"analytics-{flow_id}-milestones.csv")
