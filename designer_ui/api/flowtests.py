"""A flow's tests: stored as one YAML text per flow, run with the flow-test runner."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body
from designer_ui.api.schemas.simulator import FlowTestsIn, FlowTestsOut, TestRunOut
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import FlowTestSuite
from designer_ui.models.base import utcnow
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from designer_ui.services.flows import get_flow, get_version
from designer_ui.services.flowtests import check_yaml, run_tests

blueprint = Blueprint("flowtests", __name__)


@blueprint.get("/flows/<flow_id>/tests")
@requires()
@documented("A flow's tests (YAML) and the last results", response=FlowTestsOut, errors=(404,))
def read_tests(flow_id: str) -> Any:
    get_flow(flow_id)
    suite = db.session.get(FlowTestSuite, flow_id)
    if suite is None:
        return jsonify({"flow_id": flow_id, "yaml": "", "updated_at": None, "updated_by": None,
                        "last_results": None})
    return jsonify(suite.to_dict())


@blueprint.put("/flows/<flow_id>/tests")
@requires("developer")
@documented("Save a flow's tests", body=FlowTestsIn, response=FlowTestsOut, errors=(404,))
def save_tests(flow_id: str) -> Any:
    get_flow(flow_id)
    text = json_body(FlowTestsIn())["yaml"]
    check_yaml(text)
    suite = db.session.get(FlowTestSuite, flow_id)
    if suite is None:
        suite = FlowTestSuite(flow_id=flow_id)
        db.session.add(suite)
    suite.yaml, suite.updated_at, suite.updated_by = text, utcnow(), current_user().username
    audit.record("flowtests.save", f"flow:{flow_id}", size=len(text))
    db.session.commit()
    return jsonify(suite.to_dict())


@blueprint.post("/flows/<flow_id>/tests/run")
@requires()
@documented("Run the flow's tests against the draft (or `?version=N`)", response=TestRunOut,
            errors=(404, 409))
def run(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    version = request.args.get("version", "draft")
    if version == "draft":
        document = flow.document
    elif version.isdigit():
        document = get_version(flow_id, int(version)).document
    else:
        raise ApiError(400, "'version' is a number or 'draft'.")
    suite = db.session.get(FlowTestSuite, flow_id)
    results = run_tests(flow_id, document, suite.yaml if suite else "")
    if suite is not None:
        suite.last_results = {**results, "version": version, "at": utcnow().isoformat()}
        db.session.commit()
    return jsonify(results)
