"""A flow's tests: stored as one YAML text per flow, run with the flow-test runner.

A run is bounded by the runner itself (`runtime.flowtests.limits`: cases, inputs per case, CPU
time) and holds a worker thread until it ends, so each user may have only
`FLOWTEST_MAX_RUNS_PER_USER` runs (env `DESIGNER_FLOWTEST_MAX_RUNS_PER_USER`, default 1) going
at once in a process; one more is answered 429 with `Retry-After`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Blueprint, current_app, jsonify, request

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
MAX_RUNS_KEY = "FLOWTEST_MAX_RUNS_PER_USER"
DEFAULT_MAX_RUNS_PER_USER = 1
RETRY_AFTER_SECONDS = 10


class RunSlots:
    """How many test runs each user has going in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, int] = {}

    @contextmanager
    def taken(self, user_id: int, limit: int) -> Iterator[None]:
        """Hold one of the user's `limit` slots for the block; ApiError 429 when none is free."""
        with self._lock:
            running = self._running.get(user_id, 0)
            if running >= limit:
                raise ApiError(429, f"You already have {running} flow-test "
                               f"run{'s' if running != 1 else ''} going; wait for "
                               f"{'it' if running == 1 else 'them'} to finish.",
                               code="too_many_requests", details={"limit": limit},
                               headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            self._running[user_id] = running + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running.pop(user_id) - 1
                if left:
                    self._running[user_id] = left


def _run_slots() -> RunSlots:
    slots: RunSlots = current_app.extensions.setdefault("flowtest_run_slots", RunSlots())
    return slots


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
            errors=(404, 409, 429))
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
    limit = int(current_app.config.get(MAX_RUNS_KEY, DEFAULT_MAX_RUNS_PER_USER))
    with _run_slots().taken(current_user().id, limit):
        results = run_tests(flow_id, document, suite.yaml if suite else "")
    if suite is not None:
        suite.last_results = {**results, "version": version, "at": utcnow().isoformat()}
        db.session.commit()
    return jsonify(results)
