"""Flow tests run under the same turn budget as live calls and chats (FLOW_TURN_MAX_WORK …)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say

COSTLY = "'x'.repeat(999999).replaceAll('x','y')"


def _costly_loop(project: Project) -> None:
    project.flow(flow_document("costly", {
        "work": {"type": "assign", "props": {"assignments": [{"variable": "s", "expression": COSTLY}]},
                 "next": {"next": "work", "error": "sorry"}},
        "sorry": say("{{ system.LastError.type }} in {{ system.LastError.block }}: "
                     "{{ system.LastError.message }}"),
    }, variables={"s": {"type": "string", "default": ""}}))


CASE = """
flow: flows/costly.json
channel: {channel}
cases:
  - name: budget
    steps:
      - expect: {{say: "LimitExceeded in work: the turn's work limit of {limit} units*"}}
      - expect: {{end: true}}
"""


@pytest.mark.parametrize("channel", ["voice", "chat"])
def test_a_costly_loop_takes_the_error_port_in_a_flow_test(tmp_path: Path, channel: str) -> None:
    project = Project(tmp_path)
    _costly_loop(project)
    case = only_case(project.run(CASE.format(channel=channel, limit="200,000,000")))
    assert case.passed, case.failure


def test_the_budget_comes_from_the_environment(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOW_TURN_MAX_WORK", "5000000")
    project = Project(tmp_path)
    _costly_loop(project)
    case = only_case(project.run(CASE.format(channel="chat", limit="5,000,000")))
    assert case.passed, case.failure
