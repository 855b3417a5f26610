"""Helpers for flow-test runner tests: small projects of flows and test files in tmp_path."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

from runtime.flowtests import CaseResult, FileResult, run_file

FIXTURES = Path(__file__).parent / "fixtures"


def flow_document(flow_id: str, blocks: dict[str, Any], *, phases: dict[str, str] | None = None,
                  channels: tuple[str, ...] = ("voice", "chat"), kind: str = "application",
                  variables: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A flow document; the self-service phase starts at the first block unless told."""
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": flow_id,
        "kind": kind, "channels": list(channels), "variables": variables or {},
        "phases": phases or {"self_service": next(iter(blocks))}, "blocks": blocks, **extra,
    }


def say(text: str, next_block: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "play_message", "props": {"prompts": [{"tts": text}]}}
    if next_block:
        block["next"] = {"next": next_block}
    return block



def after_agent_survey(flow_id: str, **route_props: Any) -> dict[str, Any]:
    """A flow that says Welcome, routes to the `support` queue (with `route_props` besides the
    target) and, once the agent has left, asks a one-option survey ("Press 1 if we helped"),
    thanks the caller and ends at the `bye` milestone."""
    return flow_document(flow_id, {
        "hello": say("Welcome"),
        "queue": {"type": "route", "props": {"target": {"type": "queue", "value": "support"},
                                             **route_props},
                  "next": {"after_agent": "survey"}},
        "survey": {"type": "menu", "props": {
            "prompts": [{"tts": "Press 1 if we helped"}],
            "options": [{"key": "1", "label": "Helped"}]}, "next": {"1": "thanks"}},
        "thanks": say("Thank you"),
        "bye": {"type": "milestone", "props": {"name": "bye"}},
    }, phases={"self_service": "hello", "assisted_service": "queue", "finalize": "bye"})

class Project:
    """A folder with a project marker, fixture flows copied in, and test files written to it."""

    def __init__(self, root: Path):
        self.root = root
        (root / "pyproject.toml").write_text("[project]\nname = 'flows'\n")

    def copy_fixture(self, relative: str) -> Path:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / relative, target)
        return target

    def flow(self, document: dict[str, Any], relative: str | None = None) -> Path:
        target = self.root / (relative or f"flows/{document['id']}.json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, indent=2))
        return target

    def test_file(self, text: str, name: str = "case.flowtest.yaml") -> Path:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
        return target

    def run(self, text: str, name: str = "case.flowtest.yaml") -> FileResult:
        return run_file(self.test_file(text, name))


def only_case(result: FileResult) -> CaseResult:
    assert result.error is None, result.error
    assert len(result.cases) == 1, [case.name for case in result.cases]
    return result.cases[0]

