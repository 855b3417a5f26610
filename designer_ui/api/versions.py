"""Published versions (publish, read, diff, restore) and the environments they are promoted to."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from designer_ui.api.docs import documented
from designer_ui.api.flows import check_if_match, stale, with_etag
from designer_ui.api.http import created, json_body, no_content, query_args
from designer_ui.api.schemas.flows import (
    DiffOut,
    DiffQuery,
    EnvironmentOut,
    PromoteIn,
    PromoteOut,
    PublishIn,
    SaveResult,
    VersionDetail,
    VersionSummary,
)
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import ENVIRONMENTS, EnvironmentBinding, FlowVersion, User
from designer_ui.models.base import utcnow
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from designer_ui.services import flows as store
from designer_ui.services.diff import diff_documents
from designer_ui.services.flows import get_flow, get_version, problems_of

blueprint = Blueprint("versions", __name__)


@blueprint.get("/flows/<flow_id>/versions")
@requires()
@documented("A flow's published versions, newest first", response=VersionSummary, many=True,
            errors=(404,))
def list_versions(flow_id: str) -> Any:
    get_flow(flow_id)
    versions = db.session.execute(db.select(FlowVersion).where(FlowVersion.flow_id == flow_id)
                                  .order_by(FlowVersion.number.desc())).scalars()
    return jsonify([version.summary() for version in versions])


@blueprint.post("/flows/<flow_id>/versions")
@requires("developer")
@documented("Publish the draft as the next version (refused while it has errors)", body=PublishIn,
            response=VersionSummary, status=201, errors=(404, 409, 422))
def publish(flow_id: str) -> Any:
    data = json_body(PublishIn())
    flow = get_flow(flow_id)
    version = store.publish(flow, data["comment"], current_user())
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, "Someone else published this flow at the same moment; try again.") from None
    return created(version.summary(), f"/api/v1/flows/{flow_id}/versions/{version.number}")


@blueprint.get("/flows/<flow_id>/versions/<int:number>")
@requires()
@documented("One published version with its document", response=VersionDetail, errors=(404,))
def read_version(flow_id: str, number: int) -> Any:
    version = get_version(flow_id, number)
    return jsonify({**version.summary(), "flow_id": flow_id, "document": version.document})


def _document_at(flow_id: str, which: str) -> dict[str, Any]:
    if which == "draft":
        return get_flow(flow_id).document
    if not which.isdigit():
        raise ApiError(400, f"'{which}' is not a version number or 'draft'.")
    return get_version(flow_id, int(which)).document


@blueprint.get("/flows/<flow_id>/diff")
@requires()
@documented("What changed between two versions (`to` may be 'draft')", query=DiffQuery,
            response=DiffOut, errors=(404,))
def diff(flow_id: str) -> Any:
    args = query_args(DiffQuery())
    get_flow(flow_id)
    return jsonify(diff_documents(_document_at(flow_id, args["from_"]),
                                  _document_at(flow_id, args["to"])))


@blueprint.post("/flows/<flow_id>/versions/<int:number>/restore")
@requires("developer")
@documented("Copy a version into the draft; needs the draft's If-Match", response=SaveResult,
            errors=(404, 412, 423, 428))
def restore(flow_id: str, number: int) -> Any:
    flow = get_flow(flow_id)
    version = get_version(flow_id, number)
    check_if_match(flow)
    try:
        store.save_draft(flow, dict(version.document), current_user(), action="flow.restore",
                         version=number)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise stale(get_flow(flow_id), request.headers.get("If-Match")) from None
    return with_etag({"revision": flow.revision, "problems": problems_of(flow.document)}, flow)


@blueprint.get("/environments")
@requires()
@documented("Which version of each flow every environment runs", response=EnvironmentOut, many=True)
def list_environments() -> Any:
    bindings = db.session.execute(db.select(EnvironmentBinding)).scalars().all()
    return jsonify([{"name": name, "flows": {b.flow_id: b.version for b in bindings
                                             if b.environment == name}}
                    for name in ENVIRONMENTS])


def may_promote(user: User, environment: str) -> None:
    if environment == "live":
        if user.has_role("admin") or (user.has_role("business") and user.can_promote_live):
            return
        raise ApiError(403, "Promoting to live needs an admin, or a business user allowed to "
                       "promote to live.")
    if not user.has_role("developer"):
        raise ApiError(403, f"Promoting to {environment} needs the developer role.")


def _environment(name: str) -> str:
    if name not in ENVIRONMENTS:
        raise ApiError(404, f"There is no environment '{name}' (there are {', '.join(ENVIRONMENTS)}).")
    return name


@blueprint.put("/environments/<env>/flows/<flow_id>")
@requires("developer", "business")
@documented("Promote: point an environment at a version of a flow", body=PromoteIn,
            response=PromoteOut, errors=(404,),
            description="dev and test: developer; live: admin, or business with can_promote_live.")
def promote(env: str, flow_id: str) -> Any:
    environment = _environment(env)
    user = current_user()
    may_promote(user, environment)
    number = json_body(PromoteIn())["version"]
    get_version(flow_id, number)
    binding = db.session.get(EnvironmentBinding, (environment, flow_id))
    previous = binding.version if binding else None
    if binding is None:
        binding = EnvironmentBinding(environment=environment, flow_id=flow_id, version=number)
        db.session.add(binding)
    binding.version, binding.updated_at, binding.updated_by = number, utcnow(), user.username
    audit.record("environment.promote", f"flow:{flow_id}", environment=environment,
                 version=number, previous=previous)
    db.session.commit()
    return jsonify({"environment": environment, "flow_id": flow_id, "version": number})


@blueprint.delete("/environments/<env>/flows/<flow_id>")
@requires("developer", "business")
@documented("Take a flow out of an environment", status=204, errors=(404,),
            description="Same roles as promoting to that environment.")
def unbind(env: str, flow_id: str) -> Any:
    environment = _environment(env)
    may_promote(current_user(), environment)
    binding = db.session.get(EnvironmentBinding, (environment, flow_id))
    if binding is None:
        raise ApiError(404, f"Flow '{flow_id}' is not in {environment}.")
    db.session.delete(binding)
    audit.record("environment.remove", f"flow:{flow_id}", environment=environment,
                 version=binding.version)
    db.session.commit()
    return no_content()
