"""Coverage: blocks never entered and ports never taken, per flow and module, and percentages."""

from __future__ import annotations

import pytest

from runtime.flowtests import (
    RunReport,
    coverage_percentage,
    format_coverage,
    port_coverage,
    run_file,
)
from runtime.flowtests.cli_support import coverage_shortfalls
from runtime.flowtests.coverage import COVERAGE_LEGEND
from tests.runtime.flowtests.helpers import Project, flow_document, say

SMALL = flow_document("small", {
    "ask": {"type": "menu", "props": {"prompts": [{"tts": "One or two?"}], "retries": 0,
                                      "options": [{"key": "1", "label": "Option 1"},
                                                  {"key": "2", "label": "Option 2"}]},
            "next": {"1": "one", "2": "two"}},
    "one": say("One."),
    "two": say("Two."),
})


def small_report(project: Project, cases: str) -> RunReport:
    project.flow(SMALL)
    result = run_file(project.test_file(f"flow: flows/small.json\ncases:\n{cases}"))
    assert result.passed, [case.message for case in result.cases]
    return RunReport([result])


def test_ports_and_blocks_not_taken(project: Project) -> None:
    report = small_report(project, '  - {name: one, steps: [input: {dtmf: "1"}]}\n')
    (coverage,) = port_coverage(report)
    assert coverage.flow_id == "small" and not coverage.module
    assert coverage.blocks_total == 3
    assert coverage.blocks_missed == ("two",)
    assert coverage.ports_total == 6
    assert coverage.ports_missed == (("ask", "2"), ("ask", "noinput"), ("ask", "nomatch"),
                                     ("two", "next"))
    assert coverage.port_percent == pytest.approx(100 * 2 / 6)
    assert coverage.block_percent == pytest.approx(100 * 2 / 3)


def test_cases_and_channels_add_up(project: Project) -> None:
    report = small_report(project, '  - {name: one, channel: voice, steps: [input: {dtmf: "1"}]}\n'
                                   '  - {name: two, channel: chat, steps: [input: {text: "2"}]}\n'
                                   "  - {name: quiet, steps: [input: {noinput: true}]}\n")
    (coverage,) = port_coverage(report)
    assert coverage.blocks_missed == ()
    assert coverage.ports_missed == (("ask", "nomatch"),)
    assert coverage_percentage([coverage]) == pytest.approx(100 * 5 / 6)
    text = format_coverage([coverage])
    assert "small    5/6   ports  83.3%" in text
    assert "ports never taken: ask.nomatch" in text
    assert "blocks never entered" not in text
    assert text.endswith("total: 83.3% of ports\n" + COVERAGE_LEGEND)


def test_module_ports_are_counted_in_the_module(acme: Project) -> None:
    result = run_file(acme.test_file("""
flow: voice-desk
cases:
  - name: right pin
    steps: [input: {dtmf: "3"}, input: {dtmf: "1234"}]
"""))
    assert result.passed, [case.message for case in result.cases]
    trace = result.cases[0].trace
    assert ("voice-desk", "verify", "next") in trace.ports
    assert ("pin-check", "ask_pin", "next") in trace.ports
    assert ("pin-check", "check", "ok") in trace.ports
    assert ("pin-check", "verify", "next") not in trace.ports
    assert ("voice-desk", "ask_pin") not in trace.entered
    desk, module = port_coverage(RunReport([result]))
    assert (desk.flow_id, module.flow_id, module.module) == ("voice-desk", "pin-check", True)
    assert module.blocks_missed == ("bad_return",)
    assert module.ports_missed == (("ask_pin", "noinput"), ("ask_pin", "nomatch"),
                                   ("check", "default"))
    assert "pin-check (module)" in format_coverage([desk, module])


def test_minimum_applies_to_flows_under_test_not_to_called_modules(acme: Project) -> None:
    result = run_file(acme.test_file("""
flow: voice-desk
cases:
  - name: wrong pin
    steps: [input: {dtmf: "3"}, input: {dtmf: "0000"}]
"""))
    coverages = port_coverage(RunReport([result]))
    desk, module = coverages
    assert module.port_percent > desk.port_percent
    assert coverage_shortfalls(coverages, desk.port_percent) == []
    assert coverage_shortfalls(coverages, desk.port_percent + 1) == [desk]


def test_error_port_taken_when_a_module_fails(project: Project) -> None:
    project.flow(flow_document("lookup", {
        "fetch": {"type": "http", "props": {"url": "https://api.example.com/x"}},
    }, kind="module"), "modules/lookup.json")
    project.flow(flow_document("main", {
        "call": {"type": "module", "props": {"module": "lookup@latest"},
                 "next": {"error": "sorry", "next": "fine"}},
        "sorry": say("Sorry."),
        "fine": say("Fine."),
    }))
    result = run_file(project.test_file("""
flow: flows/main.json
channel: voice
given: {http: [{match: {url: "*"}, respond: {status: 500}}]}
cases:
  - name: module fails
    steps: [expect: {say: "Sorry."}]
"""))
    assert result.passed, result.cases[0].message
    ports = result.cases[0].trace.ports
    assert ("main", "call", "error") in ports
    assert ("lookup", "call", "error") not in ports


def test_no_flows_run(project: Project) -> None:
    assert format_coverage([]) == "Coverage: no flow was run."
    assert coverage_percentage([]) == 100.0


def test_unconnected_error_ports_are_not_counted(project: Project) -> None:
    project.flow(flow_document("errors", {
        "fetch": {"type": "http", "props": {"url": "https://api.example.com/x"},
                  "next": {"next": "count", "error": "sorry"}},
        "count": {"type": "assign", "props": {"assignments": [
            {"variable": "n", "expression": "n + 1"}]}, "next": {"next": "done"}},
        "sorry": say("Sorry."),
        "done": say("Done."),
    }, variables={"n": {"type": "number", "default": 0}}))
    result = run_file(project.test_file("""
flow: flows/errors.json
channel: voice
given: {http: [{match: {url: "*"}, respond: {status: 200}}]}
cases:
  - name: fine
    steps: [expect: {say: "Done."}]
"""))
    assert result.passed, result.cases[0].message
    (coverage,) = port_coverage(RunReport([result]))
    assert result.flows[0].blocks["count"] == ("next",)
    assert result.flows[0].blocks["fetch"] == ("next", "error")
    assert coverage.ports_total == 5
    assert coverage.ports_missed == (("fetch", "error"), ("sorry", "next"))
    assert format_coverage([coverage]).endswith("\n" + COVERAGE_LEGEND)
    assert "error ports" in COVERAGE_LEGEND and "not counted" in COVERAGE_LEGEND


ROUTED = flow_document("routed", {
    "hello": say("Hello."),
    "hand_over": {"type": "route", "props": {"target": {"type": "queue", "value": "sales"}},
                  "next": {"failed": "sorry", "after_agent": "survey"}},
    "sorry": say("Sorry."),
    "survey": say("How did we do?"),
}, phases={"self_service": "hello", "assisted_service": "hand_over"})


def test_ports_taken_only_when_connected_count_only_when_connected(project: Project) -> None:
    project.flow(ROUTED)
    result = run_file(project.test_file("""flow: flows/routed.json
cases:
  - name: agent hangs up first
    steps:
      - expect: {say: "Hello."}
      - input: {route_result: agent_hangup}
      - expect: {say: "How did we do?"}
"""))
    assert result.passed, result.cases[0].message
    (coverage,) = port_coverage(RunReport([result]))
    ports = {port for block, port in coverage.ports_missed if block == "hand_over"}
    assert ports == {"failed"}, "voicemail, callback and leave lead nowhere, after_agent was taken"
    assert coverage.ports_total == 5  # hello.next, failed, after_agent, sorry.next, survey.next
