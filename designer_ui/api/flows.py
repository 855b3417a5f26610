"""Flow drafts: list, create, open, save (with ETag/If-Match and the edit lock), validate,
delete, and the edit lock itself."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy.orm.exc import StaleDataError

from designer_ui.api.docs import documented
from designer_ui.api.http import body_limit, json_body, no_content, query_args
from designer_ui.api.schemas.common import LockOut, ProblemsOut
from designer_ui.api.schemas.flows import (
    DocumentIn,
    FlowDetail,
    FlowQuery,
    FlowSummary,
    SaveResult,
    ValidateIn,
)
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import EnvironmentBinding, Flow, FlowVersion, User
from designer_ui.models.base import isoformat
from designer_ui.security import current_user, requires
from designer_ui.services import flows as store
from designer_ui.services.flow_size import check_flow_size
from designer_ui.services.flows import check_document_shape, get_flow, problems_of

blueprint = Blueprint("flows", __name__)


def detail(flow: Flow, problems: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    lock = store.active_lock(flow.id)
    return {"document": flow.document, "revision": flow.revision,
            "updated_at": isoformat(flow.updated_at), "updated_by": flow.updated_by,
            "lock": lock.to_dict() if lock else None,
            "problems": problems if problems is not None else problems_of(flow.document)}


def with_etag(body: dict[str, Any], flow: Flow, status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["ETag"] = flow.etag
    return response


def check_if_match(flow: Flow) -> None:
    given = request.headers.get("If-Match")
    if given is None:
        raise ApiError(428, "Send the draft's ETag in If-Match (from GET /flows/{id}).")
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    if "*" not in tags and flow.etag not in tags:
        raise stale(flow, given)


def stale(flow: Flow, given: str | None) -> ApiError:
    return ApiError(412, "Someone saved this flow since you opened it; your changes were not "
                    "saved. The current draft is in details.current.",
                    details={"current": detail(flow), "your_etag": given})


def may_edit(user: User, flow: Flow, document: dict[str, Any]) -> None:
    """Developers edit anything; business users may change only the flow's prompts."""
    if user.has_role("developer"):
        return
    if user.has_role("business"):
        strip = lambda doc: {k: v for k, v in doc.items() if k != "prompts"}  # noqa: E731
        if strip(document) == strip(flow.document):
            return
        raise ApiError(403, "Business users may change only a flow's prompts.")
    raise ApiError(403, "This needs the developer role (or business, for prompts).")


@blueprint.get("/flows")
@requires()
@documented("List flows", query=FlowQuery, response=FlowSummary, many=True)
def list_flows() -> Any:
    args = query_args(FlowQuery())
    query = db.select(Flow).order_by(Flow.id)
    if args["kind"]:
        query = query.where(Flow.kind == args["kind"])
    if args["q"]:
        pattern = f"%{args['q'].lower()}%"
        query = query.where(db.or_(db.func.lower(Flow.name).like(pattern),
                                   Flow.id.like(pattern),
                                   db.func.lower(Flow.description).like(pattern)))
    flows = db.session.execute(query).scalars().all()
    latest: dict[str, int] = {
        flow_id: number for flow_id, number in db.session.execute(
            db.select(FlowVersion.flow_id, db.func.max(FlowVersion.number))
            .group_by(FlowVersion.flow_id))}
    environments: dict[str, dict[str, int]] = {}
    for binding in db.session.execute(db.select(EnvironmentBinding)).scalars():
        environments.setdefault(binding.flow_id, {})[binding.environment] = binding.version
    result = []
    for flow in flows:
        lock = store.active_lock(flow.id)
        result.append({
            "id": flow.id, "name": flow.name, "kind": flow.kind, "channels": flow.channels,
            "description": flow.description, "revision": flow.revision,
            "updated_at": isoformat(flow.updated_at), "updated_by": flow.updated_by,
            "latest_version": latest.get(flow.id), "environments": environments.get(flow.id, {}),
            "lock": lock.to_dict() if lock else None})
    return jsonify(result)


@blueprint.post("/flows")
@requires("developer")
@body_limit("FLOW_BODY_LIMIT")
@documented("Create a flow (the document's id must be new)", body=DocumentIn,
            response=FlowDetail, status=201, errors=(409, 413))
def create_flow() -> Any:
    document = check_document_shape(json_body(DocumentIn())["document"])
    check_flow_size(document)
    flow = store.create_flow(document, current_user())
    db.session.commit()
    response = with_etag(detail(flow), flow, 201)
    response.headers["Location"] = f"/api/v1/flows/{flow.id}"
    return response


@blueprint.get("/flows/<flow_id>")
@requires()
@documented("Open a flow's draft (with its ETag and problems)", response=FlowDetail, errors=(404,))
def get_draft(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    return with_etag(detail(flow), flow)


@blueprint.put("/flows/<flow_id>")
@requires("developer", "business")
@body_limit("FLOW_BODY_LIMIT")
@documented("Save the draft; needs If-Match", body=DocumentIn, response=SaveResult,
            errors=(404, 412, 413, 423, 428))
def save_draft(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    document = check_document_shape(json_body(DocumentIn())["document"], flow_id)
    check_flow_size(document)
    user = current_user()
    check_if_match(flow)
    may_edit(user, flow, document)
    try:
        store.save_draft(flow, document, user)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise stale(get_flow(flow_id), request.headers.get("If-Match")) from None
    return with_etag({"revision": flow.revision, "problems": problems_of(document)}, flow)


@blueprint.delete("/flows/<flow_id>")
@requires("developer")
@documented("Delete a flow (refused while an environment or entry point uses it)", status=204,
            errors=(404, 409, 423))
def delete_flow(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    store.ensure_not_locked_by_other(flow_id, current_user())
    store.delete_flow(flow)
    db.session.commit()
    return no_content()


@blueprint.post("/flows/<flow_id>/validate")
@requires()
@body_limit("FLOW_BODY_LIMIT")
@documented("Validate the draft, or the document given", body=ValidateIn, response=ProblemsOut,
            errors=(404,))
def validate(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    data = json_body(ValidateIn()) if request.content_length else {"document": None}
    document = data["document"] if data["document"] is not None else flow.document
    check_flow_size(document)
    return jsonify({"problems": problems_of(document)})


@blueprint.post("/flows/<flow_id>/lock")
@requires("developer")
@documented("Take or renew the edit lock (5 minutes)", response=LockOut, errors=(404, 423))
def lock(flow_id: str) -> Any:
    get_flow(flow_id)
    held = store.take_lock(flow_id, current_user())
    db.session.commit()
    return jsonify(held.to_dict())


@blueprint.delete("/flows/<flow_id>/lock")
@requires("developer")
@documented("Release the edit lock", status=204, errors=(404, 423))
def unlock(flow_id: str) -> Any:
    get_flow(flow_id)
    store.release_lock(flow_id, current_user())
    db.session.commit()
    return no_content()
