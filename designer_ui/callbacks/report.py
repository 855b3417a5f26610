"""The Callbacks report: per queue and day, how many callbacks flows offered (the `callback`
block's `callback_offered` analytics events of live sessions), how many were accepted (immediate,
scheduled and in-queue), dialled, connected, completed, abandoned after connect, cancelled, expired and
failed (by reason); as JSON or CSV (`format=csv`)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify
from marshmallow import Schema, fields, validate

from designer_ui.analytics.tables import TABLES
from designer_ui.api.docs import documented
from designer_ui.api.http import query_args
from designer_ui.callbacks import settings_of
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models.callbacks import CallbackAttempt, CallbackRequest
from designer_ui.security import requires
from runtime.analytics.callback_events import OFFERED

blueprint = Blueprint("callbacks_report", __name__)
COUNTS = ("offered", "accepted", "immediate", "scheduled", "in_queue", "dialed", "connected", "completed",
          "abandoned_after_connect", "cancelled", "expired", "failed")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CallbackReportQuery(Schema):
    from_ = fields.AwareDateTime(required=True, data_key="from")
    to = fields.AwareDateTime(required=True)
    queue = fields.String(load_default=None, validate=validate.Length(max=64))
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


class CallbackReportRow(Schema):
    queue = fields.String(required=True)
    day = fields.String(required=True)
    offered = fields.Integer(required=True, metadata={
        "description": "Callbacks flows offered (a `callback` block reached in a live session)"})
    accepted = fields.Integer(required=True)
    dialed = fields.Integer(required=True)
    connected = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    failed_by_reason = fields.Dict(required=True)


def _reason_key(reason: str) -> str:
    """A failure's reason without its attempt count, so equal causes add up."""
    return re.sub(r" after \d+ attempt\(s\)$", "", reason) or "unknown"


def _offered(start: Any, end: Any, queue: str | None) -> dict[tuple[str, str], int]:
    """Offers per (queue, day) from the analytics events of live sessions, counted in SQL."""
    table = TABLES.callback_events
    query = (sa.select(table.c.queue, table.c.day, sa.func.count())
             .where(table.c.kind == OFFERED, table.c.origin == "live",
                    table.c.ts >= start.timestamp(), table.c.ts < end.timestamp())
             .group_by(table.c.queue, table.c.day))
    if queue:
        query = query.where(table.c.queue == queue)
    epoch = date(1970, 1, 1)
    return {(name or "", (epoch + timedelta(days=int(day))).isoformat()): int(count)
            for name, day, count in db.session.execute(query)}


def _empty_row(queue: str, day: str) -> dict[str, Any]:
    return {"queue": queue, "day": day, **dict.fromkeys(COUNTS, 0), "failed_by_reason": Counter()}


def report_rows(start: Any, end: Any, queue: str | None) -> list[dict[str, Any]]:
    query = sa.select(CallbackRequest).where(CallbackRequest.created_at >= start,
                                             CallbackRequest.created_at < end)
    if queue:
        query = query.where(CallbackRequest.queue == queue)
    callbacks = list(db.session.execute(query).scalars())
    connected_ids = set(db.session.execute(sa.select(CallbackAttempt.callback_id).where(
        CallbackAttempt.result == "connected",
        CallbackAttempt.callback_id.in_([callback.id for callback in callbacks] or [0]))).scalars())
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for callback in callbacks:
        key = (callback.queue, callback.created_at.date().isoformat())
        row = rows.setdefault(key, _empty_row(*key))
        row["accepted"] += 1
        row[callback.kind] += 1
        row["dialed"] += callback.attempts_made > 0
        row["connected"] += callback.id in connected_ids
        if callback.state in ("completed", "cancelled", "expired", "failed"):
            row[callback.state] += 1
        if callback.state == "completed" and callback.reason == "abandoned after connect":
            row["abandoned_after_connect"] += 1
        if callback.state == "failed":
            row["failed_by_reason"][_reason_key(callback.reason)] += 1
    for key, count in _offered(start, end, queue).items():
        rows.setdefault(key, _empty_row(*key))["offered"] = count
    return [{**row, "failed_by_reason": dict(row["failed_by_reason"])}
            for _, row in sorted(rows.items())]


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(rows: list[dict[str, Any]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["queue", "day", *COUNTS, "failed_by_reason"])
    for row in rows:
        reasons = "; ".join(f"{reason}: {count}" for reason, count in row["failed_by_reason"].items())
        writer.writerow([_cell(row["queue"]), row["day"], *(row[name] for name in COUNTS),
                         _cell(reasons)])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=callbacks-report.csv"})


@blueprint.get("/analytics/callbacks")
@requires("business", "developer")
@documented("The Callbacks report per queue and day (JSON, or CSV with format=csv)",
            query=CallbackReportQuery, response=CallbackReportRow, many=True, errors=(400,))
def callbacks_report() -> Any:
    args = query_args(CallbackReportQuery())
    if args["to"] <= args["from_"]:
        raise ApiError(400, "'to' must be after 'from'.")
    limit = settings_of(current_app).report_max_days
    if args["to"] - args["from_"] > timedelta(days=limit):
        raise ApiError(400, f"A report covers at most {limit} days (CALLBACK_REPORT_MAX_DAYS).")
    rows = report_rows(args["from_"], args["to"], args["queue"])
    return _csv(rows) if args["format"] == "csv" else jsonify(rows)
