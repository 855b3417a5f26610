"""Import and export: flows as JSON files, or zips of flows with the modules they call."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Blueprint, Response, request
from sqlalchemy.orm.exc import StaleDataError

from designer_ui.api.docs import documented
from designer_ui.api.flows import check_if_match, stale
from designer_ui.api.http import body_limit, raw_json
from designer_ui.api.schemas.flows import ImportResult
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import Flow
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from designer_ui.services.bundles import (
    ImportReport,
    documents_in_archive,
    export_zip,
    import_documents,
    import_tests,
    read_archive,
)
from designer_ui.services.flows import FLOW_ID, get_flow
from interpreter.flow_model import FORMAT_NAME

blueprint = Blueprint("transfer", __name__)
ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream")


def _attachment(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blueprint.get("/export")
@requires()
@documented("A zip of flows and the modules they call (`?flows=a,b`)", produces="application/zip",
            errors=(404,))
def export_flows() -> Any:
    flow_ids = [part.strip() for part in request.args.get("flows", "").split(",") if part.strip()]
    if not flow_ids or not all(FLOW_ID.match(flow_id) for flow_id in flow_ids):
        raise ApiError(400, "Name the flows to export: ?flows=id1,id2")
    return _attachment(export_zip(flow_ids), "application/zip", "flows.zip")


@blueprint.get("/flows/<flow_id>/export")
@requires()
@documented("One flow's draft as a JSON file", errors=(404,))
def export_flow(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    content = json.dumps(flow.document, indent=2, ensure_ascii=False).encode()
    return _attachment(content, "application/json", f"{flow.id}.json")


def _json_documents() -> list[tuple[str, Any]]:
    data = raw_json()
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
        return [("document", data)]
    if isinstance(data, dict) and isinstance(data.get("flows"), list):
        return [(f"flows[{index}]", item) for index, item in enumerate(data["flows"])
                if isinstance(item, dict) and item.get("format") == FORMAT_NAME]
    raise ApiError(400, "Send a flow document, {\"flows\": [documents]}, or a zip archive.")


def replacement_etag(replaced: dict[str, int]) -> str:
    """One entity tag for the set of drafts an import replaces (flow id → revision)."""
    state = ",".join(f"{flow_id}={revision}" for flow_id, revision in sorted(replaced.items()))
    return f'"import-{hashlib.sha256(state.encode()).hexdigest()[:16]}"'


def check_replacements(documents: list[tuple[str, Any]]) -> None:
    """Replacing existing drafts needs If-Match, as saving one does: without it 428, and 412
    when any of those drafts changed since; nothing is imported then.

    If-Match is the `details.if_match` tag of a 428/412 answer (it covers every draft the import
    replaces), the draft's own ETag when the import replaces exactly one flow, or `*`."""
    ids = {document.get("id") for _, document in documents if isinstance(document, dict)}
    flow_ids = sorted(flow_id for flow_id in ids
                      if isinstance(flow_id, str) and FLOW_ID.match(flow_id))
    flows = db.session.execute(db.select(Flow).where(Flow.id.in_(flow_ids))).scalars().all()
    if not flows:
        return
    replaced = {flow.id: flow.revision for flow in flows}
    expected = replacement_etag(replaced)
    details = {"existing": {flow.id: flow.etag for flow in flows}, "if_match": expected}
    given = request.headers.get("If-Match")
    if given is None:
        raise ApiError(428, "The import replaces existing drafts ("
                       + ", ".join(replaced) + "); send If-Match to confirm "
                       "(details.if_match). Nothing was imported.", details=details)
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    accepted = {"*", expected} | ({flows[0].etag} if len(flows) == 1 else set())
    if not tags & accepted:
        raise ApiError(412, "Someone changed a draft this import replaces since you checked; "
                       "nothing was imported. The current state is in details.",
                       details={**details, "your_etag": given})


@blueprint.post("/import")
@requires("developer")
@body_limit("FLOW_BODY_LIMIT")
@documented("Import a zip (application/zip) or JSON flow documents", response=ImportResult,
            content_type="application/zip", errors=(412, 413, 415, 428),
            description="JSON bodies: one flow document, or {\"flows\": [documents]}. "
                        "Replacing existing drafts needs If-Match.")
def import_flows() -> Any:
    report = ImportReport()
    user = current_user()
    if request.mimetype in ZIP_TYPES:
        files = read_archive(request.get_data())
        documents = documents_in_archive(files, report)
        check_replacements(documents)
        import_documents(documents, user, report)
        import_tests(files, report, user)
    elif request.is_json:
        documents = _json_documents()
        check_replacements(documents)
        import_documents(documents, user, report)
    else:
        raise ApiError(415, "Send a zip (Content-Type: application/zip) or JSON.")
    audit.record("import", "flows", imported=report.imported)
    db.session.commit()
    return report.to_dict()


@blueprint.post("/flows/<flow_id>/import")
@requires("developer")
@body_limit("FLOW_BODY_LIMIT")
@documented("Import a flow file into this flow's draft; needs If-Match", response=ImportResult,
            errors=(400, 404, 412, 413, 428),
            description="The body is one flow document (an exported file); its id becomes this "
                        "flow's. Like saving, it needs the draft's ETag in If-Match: 428 "
                        "without it, 412 when the draft changed since, and nothing is changed.")
def import_into_flow(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    document = raw_json()
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ApiError(400, "Send one flow document (an exported flow file).")
    check_if_match(flow)
    report = ImportReport()
    try:
        import_documents([("document", {**document, "id": flow_id})], current_user(), report)
    except StaleDataError:
        db.session.rollback()
        raise stale(get_flow(flow_id), request.headers.get("If-Match")) from None
    audit.record("import", "flows", imported=report.imported)
    db.session.commit()
    return report.to_dict()
