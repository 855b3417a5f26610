"""The audit log, for admins: who changed what, and when."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from designer_ui.api.docs import documented
from designer_ui.api.http import query_args
from designer_ui.api.schemas.catalog import AuditEntryOut, AuditQuery
from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from designer_ui.security import requires

blueprint = Blueprint("audit", __name__)


@blueprint.get("/audit")
@requires("admin")
@documented("The audit log, newest first", query=AuditQuery, response=AuditEntryOut, many=True)
def audit_log() -> Any:
    args = query_args(AuditQuery())
    query = db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(args["limit"])
    if args["flow"]:
        query = query.where(AuditEntry.object == f"flow:{args['flow']}")
    if args["user"]:
        query = query.where(AuditEntry.username == args["user"])
    return jsonify([entry.to_dict() for entry in db.session.execute(query).scalars()])
