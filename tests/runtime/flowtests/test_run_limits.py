"""A run of a test file is bounded: case runs per file, inputs per case, CPU time per file.

Past a bound the remaining cases are reported not run, with the reason, and the run fails.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from runtime.flowtests import format_report, plan_file, run_case, run_file, write_junit
from runtime.flowtests.cli_support import run_from_cli
from runtime.flowtests.limits import CLI, DESIGNER, RunBudget, RunLimits
from runtime.flowtests.results import RunReport
from tests.runtime.flowtests.helpers import Project, flow_document, say

MENU = {"type": "menu", "props": {"prompts": [{"tts": "Press 1"}], "retries": 0,
                                  "options": [{"key": "1", "label": "One"}]},
        "next": {"1": "ask", "noinput": "ask", "nomatch": "ask"}}


def cases(count: int, inputs: int = 2) -> str:
    steps = "".join("      - input: {dtmf: '1'}\n      - expect: {prompt: Press 1}\n"
                    for _ in range(inputs))
    return "flow: loop\nchannel: voice\ncases:\n" + "".join(
        f"  - name: case {number}\n    steps:\n{steps}" for number in range(1, count + 1))


@pytest.fixture
def loop(project: Project) -> Project:
    project.flow(flow_document("loop", {"ask": MENU}))
    return project


def test_cases_past_the_maximum_are_reported_not_run(loop: Project, tmp_path: Path) -> None:
    path = loop.test_file(cases(5))
    result = run_file(path, limits=RunLimits(max_cases=3))
    assert [case.passed for case in result.cases] == [True, True, True, False, False]
    assert [bool(case.not_run) for case in result.cases] == [False, False, False, True, True]
    message = result.cases[3].message
    assert message.startswith("Not run: ") and "the 3 allowed per run" in message
    assert "FLOWTEST_MAX_CASES" in message
    report = RunReport([result])
    assert not report.passed and report.not_run_cases == result.cases[3:]
    assert report.failed_cases == []
    text = format_report(report)
    assert any(line.startswith("NOT RUN ") and line.endswith("::case 4 [voice]")
               for line in text.splitlines())
    assert "3 passed, 0 failed, 2 not run" in text and text.splitlines()[-1].startswith("FAILED")
    write_junit(report, tmp_path / "junit.xml")
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert suite.get("tests") == "5" and suite.get("errors") == "2"
    assert [error.get("type") for error in suite.iter("error")] == ["FlowTestNotRun"] * 2


def test_the_bounds_are_read_from_the_environment(
        loop: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    assert RunLimits.from_env({}) == DESIGNER == RunLimits(200, 200, 60.0)
    assert RunLimits.cli_from_env({}) == CLI
    assert (CLI.max_cases, CLI.max_inputs, CLI.max_cpu_seconds) == (2000, 1000, 600.0)
    read = RunLimits.from_env({"FLOWTEST_MAX_CASES": "7", "FLOWTEST_MAX_INPUTS": "unlimited",
                               "FLOWTEST_MAX_CPU_SECONDS": "2.5"})
    assert (read.max_cases, read.max_inputs, read.max_cpu_seconds) == (7, None, 2.5)
    assert RunLimits.cli_from_env({"FLOWTEST_MAX_CASES": "7"}).max_cases == 2000
    with pytest.raises(ValueError, match="FLOWTEST_MAX_CASES"):
        RunLimits.from_env({"FLOWTEST_MAX_CASES": "-1"})
    monkeypatch.setenv("FLOWTEST_MAX_CASES", "2")
    result = run_file(loop.test_file(cases(3)))
    assert [bool(case.not_run) for case in result.cases] == [False, False, True]


def test_a_case_with_too_many_inputs_is_not_run(loop: Project) -> None:
    text = cases(1, inputs=5) + cases(1, inputs=4).split("cases:\n")[1].replace("case 1",
                                                                                "short")
    result = run_file(loop.test_file(text), limits=RunLimits(max_inputs=4))
    long, short = result.cases
    assert not long.passed and long.not_run
    assert "the case has 5 input steps, more than the 4 allowed per case" in long.message
    assert "FLOWTEST_MAX_INPUTS" in long.message
    assert short.passed and not short.not_run


def counting_clock() -> RunBudget:
    """A budget whose clock advances one second each time it is read."""
    ticks = itertools.count()
    return RunBudget(RunLimits(max_cpu_seconds=5), clock=lambda: float(next(ticks)))


def test_a_case_stops_when_the_cpu_budget_is_spent(loop: Project) -> None:
    plan = plan_file(loop.test_file(cases(1, inputs=20)))
    case, channel = plan.runs[0]
    result = run_case(plan, case, channel, counting_clock())
    assert not result.passed and result.not_run == result.message
    assert result.message.startswith("Not run to its end: stopped at step ")
    assert "of 40, as the run used its CPU time budget of 5 s (FLOWTEST_MAX_CPU_SECONDS)" \
        in result.message


def test_the_outside_world_answering_in_a_loop_is_stopped_too(project: Project) -> None:
    project.flow(flow_document("poll", {
        "poll": {"type": "http", "props": {"url": "https://api.example.com/poll"},
                 "next": {"next": "poll", "error": "poll"}},
    }))
    plan = plan_file(project.test_file("""
flow: poll
channel: chat
given:
  http: [{match: {url: "*"}, respond: {text: pending}}]
cases:
  - name: polls
    steps: [expect: {say: never}]
"""))
    case, channel = plan.runs[0]
    result = run_case(plan, case, channel, counting_clock())
    assert result.not_run and "stopped while the session started" in result.message


def test_a_file_stops_running_cases_once_its_cpu_budget_is_spent(project: Project) -> None:
    project.flow(flow_document("burn", {
        "ask": MENU | {"next": {"1": "burn", "noinput": "burn", "nomatch": "burn"}},
        "burn": {"type": "assign", "props": {"assignments": [
            {"variable": "x", "expression": "'x'.repeat(99999).replaceAll('x','y').length"}]},
                 "next": {"next": "ask", "error": "ask"}},
        "unused": say("never"),
    }, variables={"x": {"type": "any", "default": None}}))
    text = cases(50, inputs=40).replace("flow: loop", "flow: burn")
    result = run_file(project.test_file(text), limits=RunLimits(max_cpu_seconds=0.2))
    assert not RunReport([result]).passed and len(result.cases) == 50
    stopped = [case for case in result.cases if case.not_run]
    assert stopped and all(not case.passed for case in stopped)
    assert "the run used its CPU time budget of 0.2 s" in stopped[-1].message
    assert stopped[-1].message.startswith("Not run: ")


def test_designer_test_uses_its_own_wider_bounds_per_file(
        loop: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    loop.test_file(cases(3), "a.flowtest.yaml")
    loop.test_file(cases(3), "b.flowtest.yaml")
    monkeypatch.setenv("FLOWTEST_MAX_CASES", "1")
    lines: list[str] = []
    assert run_from_cli([loop.root], echo=lines.append, color=False) == 0
    monkeypatch.setenv("FLOWTEST_CLI_MAX_CASES", "2")
    lines.clear()
    assert run_from_cli([loop.root], echo=lines.append, color=False) == 1
    assert "OK" not in lines[0] and "4 passed, 0 failed, 2 not run" in lines[0]
    monkeypatch.setenv("FLOWTEST_CLI_MAX_CASES", "many")
    lines.clear()
    assert run_from_cli([loop.root], echo=lines.append, color=False) == 2
    assert "FLOWTEST_CLI_MAX_CASES must be a positive number" in lines[0]
