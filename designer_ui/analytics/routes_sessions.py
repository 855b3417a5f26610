"""Session detail records (list, export, one session with its events), the filter values and
the writer's status."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, stream_with_context

from designer_ui.analytics import facets, session_records
from designer_ui.analytics.blueprint import blueprint, connection, filters_from, readers
from designer_ui.analytics.csv_export import csv_response
from designer_ui.analytics.query_args import AnalyticsFacetsQuery, AnalyticsSessionsQuery
from designer_ui.analytics.schemas import (
    AnalyticsFacetsOut,
    AnalyticsSessionDetailOut,
    AnalyticsSessionsOut,
    AnalyticsStatusOut,
)
from designer_ui.analytics.settings import retention_days
from designer_ui.analytics.sink import running_writer
from designer_ui.api.docs import documented
from designer_ui.api.http import query_args
from designer_ui.errors import ApiError
from designer_ui.extensions import db


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "path": ">".join(record["path"]), "milestones": "|".join(record["milestones"])}


@blueprint.get("/analytics/sessions")
@readers
@documented("Session detail records, newest first (JSON pages; `format=csv` exports every "
            "matching session)", query=AnalyticsSessionsQuery, response=AnalyticsSessionsOut)
def sessions_view() -> Any:
    filters, args = filters_from(AnalyticsSessionsQuery())
    if args["format"] == "csv":
        max_rows = int(current_app.config["ANALYTICS_EXPORT_MAX_ROWS"])
        engine = db.engine

        def rows() -> Any:
            with engine.connect() as conn:
                for record in session_records.iter_sessions(conn, filters, outcome=args["outcome"],
                                                            max_rows=max_rows):
                    yield _flat(record)

        return csv_response(session_records.COLUMNS, stream_with_context(rows()),
                            "analytics-sessions.csv")
    with connection() as conn:
        return jsonify(session_records.list_sessions(conn, filters, outcome=args["outcome"],
                                                     limit=args["limit"], offset=args["offset"]))


@blueprint.get("/analytics/sessions/<session_id>")
@readers
@documented("One session's record with its events", response=AnalyticsSessionDetailOut, errors=(404,))
def session_view(session_id: str) -> Any:
    with connection() as conn:
        detail = session_records.session_detail(conn, session_id)
    if detail is None:
        raise ApiError(404, f"There is no analytics record of session '{session_id}'.")
    return jsonify(detail)


@blueprint.get("/analytics/facets")
@readers
@documented("The flows, versions, environments, channels and entry points analytics have seen "
            "(the dashboard's filter choices)", query=AnalyticsFacetsQuery, response=AnalyticsFacetsOut)
def facets_view() -> Any:
    args = query_args(AnalyticsFacetsQuery())
    with connection() as conn:
        return jsonify(facets.facets(conn, args["origin"]))


@blueprint.get("/analytics/status")
@readers
@documented("Retention and this process's analytics writer: events accepted, written, dropped "
            "when the queue was full, failed", response=AnalyticsStatusOut)
def status_view() -> Any:
    writer = running_writer(current_app)
    return jsonify({"retention_days": retention_days(current_app),
                    "writer": writer.stats() if writer is not None else None})
