"""The audit log, for admins: who changed what, and when — filtered by user, object, action
and period, as JSON pages for the Audit log page or as CSV for auditors' spreadsheets."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, stream_with_context

from designer_ui.analytics.csv_export import csv_response
from designer_ui.api.docs import documented
from designer_ui.api.http import query_args
from designer_ui.api.schemas.audit import AuditQuery
from designer_ui.api.schemas.catalog import AuditEntryOut
from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from designer_ui.security import requires

blueprint = Blueprint("audit", __name__)

DEFAULT_CSV_MAX_ROWS = 100_000
CSV_COLUMNS = ("id", "at", "user", "action", "object", "details")


def _filtered(args: dict[str, Any]) -> sa.Select[AuditEntry]:
    query = sa.select(AuditEntry)
    if args["flow"]:
        query = query.where(AuditEntry.object == f"flow:{args['flow']}")
    if args["user"]:
        query = query.where(AuditEntry.username == args["user"])
    for column, value, family in ((AuditEntry.object, args["object"], ":"),
                                  (AuditEntry.action, args["action"], ".")):
        if value and value.endswith(family):
            query = query.where(column.startswith(value, autoescape=True))
        elif value:
            query = query.where(column == value)
    if args["from_"] is not None:
        query = query.where(AuditEntry.at >= args["from_"])
    if args["to"] is not None:
        query = query.where(AuditEntry.at < args["to"])
    return query.order_by(AuditEntry.id.desc())


def _csv_row(entry: AuditEntry) -> dict[str, Any]:
    row = entry.to_dict()
    row["details"] = json.dumps(row["details"], sort_keys=True, separators=(",", ":"),
                                default=str)
    return row


@blueprint.get("/audit")
@requires("admin")
@documented("The audit log, newest first (`format=csv` exports every match)", query=AuditQuery,
            response=AuditEntryOut, many=True)
def audit_log() -> Any:
    args = query_args(AuditQuery())
    query = _filtered(args)
    if args["format"] == "csv":
        session = db.session
        cap = int(current_app.config.get("AUDIT_CSV_MAX_ROWS", DEFAULT_CSV_MAX_ROWS))

        def rows() -> Any:
            result = session.execute(query.limit(cap).execution_options(yield_per=1000))
            for entry in result.scalars():
                yield _csv_row(entry)

        return csv_response(CSV_COLUMNS, stream_with_context(rows()), "audit-log.csv")
    entries = db.session.execute(query.limit(args["limit"]).offset(args["offset"])).scalars()
    return jsonify([entry.to_dict() for entry in entries])
