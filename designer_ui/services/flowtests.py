"""Runs a flow's stored tests with the flow-test runner, against the flow as the Designer holds
it: the flow and the modules it calls are written to a scratch folder the runner reads."""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from designer_ui.errors import ApiError
from designer_ui.services.modules import split_ref, stored_document
from runtime.flowtests.yaml_source import YamlSyntaxError, parse_yaml

FLOW_LINE = re.compile(r"^flow:.*$", re.MULTILINE)
INSTALLED_MODULES = "microapps"
"""Where installed MicroApps (`publisher/name`) are written, as `<publisher>/<flow id>.json`."""


def check_yaml(text: str) -> None:
    """Refuse text that is not YAML at all, or YAML the runner refuses (aliases, too large,
    too deep): the runner reports everything else per case."""
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as exc:
        details = {"line": exc.line, "column": exc.column} if exc.line is not None else {}
        raise ApiError(400, f"This is not valid YAML: {exc}.", code="invalid_yaml",
                       details=details) from None
    if text.strip() and not isinstance(data, dict):
        raise ApiError(400, "A flow-test file is a mapping with 'flow:' and 'cases:'.",
                       code="invalid_yaml")


def _module_refs(document: dict[str, Any]) -> list[str]:
    refs = []
    for block in (document.get("blocks") or {}).values():
        props = block.get("props") if isinstance(block, dict) else None
        if isinstance(block, dict) and block.get("type") == "module" and isinstance(props, dict):
            refs.append(str(props.get("module", "")))
    return refs


def write_project(folder: Path, flow_id: str, document: dict[str, Any]) -> None:
    """The flow under test and, recursively, the versions of the modules it calls."""
    (folder / "pyproject.toml").write_text("# scratch project for a flow-test run\n")
    flows = folder / "flows"
    flows.mkdir()
    written: set[str] = set()
    pending: list[tuple[str, dict[str, Any]]] = [(flow_id, document)]
    while pending:
        current_id, current = pending.pop()
        if current_id in written:
            continue
        written.add(current_id)
        target = flows / f"{current_id}.json" if "/" not in current_id else \
            folder / INSTALLED_MODULES / f"{current_id}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(current))
        for ref in _module_refs(current):
            module_id, version = split_ref(ref)
            found = stored_document(module_id, version)
            if found is not None and module_id not in written:
                pending.append((module_id, found[0]))


def run_tests(flow_id: str, document: dict[str, Any], text: str) -> dict[str, Any]:
    from runtime.flowtests import run_file

    if not text.strip():
        raise ApiError(409, "This flow has no tests yet; save some first.", code="no_tests")
    rewritten, count = FLOW_LINE.subn(f"flow: {flow_id}", text, count=1)
    with tempfile.TemporaryDirectory(prefix="designer-flowtests-") as scratch:
        folder = Path(scratch)
        write_project(folder, flow_id, document)
        test_file = folder / f"{flow_id}.flowtest.yaml"
        test_file.write_text(rewritten if count else text)
        result = run_file(test_file, module_paths=[folder / INSTALLED_MODULES])
    _report_to_analytics(flow_id, result.cases)
    cases = [{"name": case.case, "channel": case.channel, "passed": case.passed,
              "message": case.message or None} for case in result.cases]
    error = result.error.replace(scratch, ".") if result.error else None
    passed = sum(1 for case in cases if case["passed"])
    return {"passed": passed, "failed": len(cases) - passed + (1 if error else 0),
            "error": error, "cases": cases}


def _report_to_analytics(flow_id: str, cases: list[Any]) -> None:
    """Test runs reach analytics marked `flowtest`, so they never count in live figures."""
    from flask import current_app

    from designer_ui.analytics import analytics_sink
    from runtime.analytics import AnalyticsContext

    sink = analytics_sink(current_app._get_current_object())  # type: ignore[attr-defined]
    now = time.time()
    for case in cases:
        if case.events:
            # A test runs on its own fixed clock; analytics files the run under when it ran.
            events = [dataclasses.replace(event, ts=now) for event in case.events]
            sink.record(events, AnalyticsContext(
                session_id=f"{case.session_id}-{uuid.uuid4().hex[:8]}", flow_id=flow_id,
                flow_version="draft", channel=case.channel, origin="flowtest"))
