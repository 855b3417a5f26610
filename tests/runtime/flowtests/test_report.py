"""Discovery, the printed report, JUnit XML for CI, and what `designer test` returns."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from runtime.flowtests import discover, format_report, run_paths, write_junit
from runtime.flowtests.cli_support import run_from_cli
from tests.runtime.flowtests.helpers import FIXTURES, Project, flow_document, say

PASSING = """
flow: hello
cases:
  - name: greets
    steps: [expect: {say: "Hello."}]
"""
FAILING = """
flow: ../flows/hello.json
channel: voice
cases:
  - name: greets <loudly> & "quickly"
    steps: [expect: {say: "HELLO!"}]
"""


@pytest.fixture
def mixed(project: Project) -> Project:
    project.flow(flow_document("hello", {"hi": say("Hello.")}))
    project.test_file(PASSING, "tests/a.flowtest.yaml")
    project.test_file(FAILING, "tests/b.flowtest.yaml")
    project.test_file("flow: hello\ncases: [{name: x, stpes: []}]\n",
                      "tests/c.flowtest.yaml")
    return project


def test_discover_walks_folders_and_skips_hidden_ones(project: Project) -> None:
    for name in ("a.flowtest.yaml", "sub/b.flowtest.yaml", ".hidden/c.flowtest.yaml",
                 "node_modules/d.flowtest.yaml", "notes.yaml", "sub/e.flowtest.yml"):
        project.test_file("flow: x\n", name)
    root = project.root
    assert discover([root]) == [root / "a.flowtest.yaml", root / "sub" / "b.flowtest.yaml"]
    explicit = root / "notes.yaml"
    assert discover([explicit, root / "sub", explicit]) == [explicit, root / "sub/b.flowtest.yaml"]
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        discover([root / "missing"])


def test_report_has_a_line_per_case_and_a_summary(mixed: Project, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    monkeypatch.chdir(mixed.root)
    report = run_paths([Path("tests")])
    lines = format_report(report).splitlines()
    assert lines[0] == "PASS  tests/a.flowtest.yaml::greets [voice]"
    assert lines[1] == "PASS  tests/a.flowtest.yaml::greets [chat]"
    assert lines[2] == 'FAIL  tests/b.flowtest.yaml::greets <loudly> & "quickly" [voice]'
    assert lines[3] == "      Step 1 of 1 (expect say): no output since the previous step matches."
    assert "ERROR tests/c.flowtest.yaml" in lines
    assert "      case 'x': unknown key 'stpes' (known keys: assert, channel, given, name, " \
           "steps, strict, variables)" in lines
    assert lines[-1].startswith("FAILED: 3 cases in 3 files: 2 passed, 1 failed, 1 file could "
                                "not be run (")
    assert not report.passed


def test_colour_is_optional(mixed: Project) -> None:
    report = run_paths([mixed.root / "tests" / "a.flowtest.yaml"])
    assert "\033[" not in format_report(report)
    coloured = format_report(report, color=True)
    assert "\033[32mPASS\033[0m" in coloured
    assert report.passed and "OK: 2 cases in 1 file: 2 passed, 0 failed" in coloured


def test_junit_xml_parses_and_carries_the_messages(mixed: Project, tmp_path: Path) -> None:
    report = run_paths([mixed.root / "tests"])
    target = tmp_path / "artifacts" / "flowtests.xml"
    write_junit(report, target)
    root = ET.parse(target).getroot()
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "1")
    suites = root.findall("testsuite")
    assert [suite.get("tests") for suite in suites] == ["2", "1", "1"]
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["greets [voice]", "greets [chat]", 'greets <loudly> & "quickly" [voice]',
                     "(test file)"]
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.get("message") == ("Step 1 of 1 (expect say): no output since the previous "
                                      "step matches.")
    assert failure.text is not None and 'expected: say "HELLO!"' in failure.text
    assert "<- block 'hi'" in failure.text
    error = root.find(".//error")
    assert error is not None and error.text is not None and "stpes" in error.text
    for case in root.iter("testcase"):
        assert float(case.get("time", "x")) >= 0
        assert case.get("classname", "").endswith(("a", "b", "c"))


def test_cli_exit_codes_and_output(mixed: Project, tmp_path: Path) -> None:
    printed: list[str] = []
    assert run_from_cli([mixed.root / "tests" / "a.flowtest.yaml"], echo=printed.append,
                        color=False) == 0
    assert printed[-1].splitlines()[-1].startswith("OK: 2 cases")
    printed.clear()
    junit = tmp_path / "out.xml"
    assert run_from_cli([mixed.root / "tests"], junit=junit, echo=printed.append) == 1
    assert junit.exists()
    assert printed[-1] == f"JUnit XML written to {junit}"
    printed.clear()
    assert run_from_cli([tmp_path / "nothing-here"], echo=printed.append) == 2
    assert printed == [f"designer test: no such file or folder: {tmp_path / 'nothing-here'}"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_from_cli([empty], echo=printed.append) == 2


def test_cli_coverage_minimum(mixed: Project) -> None:
    printed: list[str] = []
    test_file = mixed.root / "tests" / "a.flowtest.yaml"
    assert run_from_cli([test_file], coverage=True, echo=printed.append, color=False) == 0
    assert any(line.startswith("Coverage (ports taken") for line in printed)
    printed.clear()
    assert run_from_cli([test_file], min_coverage=100, echo=printed.append, color=False) == 0
    assert run_from_cli([FIXTURES / "acme.flowtest.yaml"], min_coverage=99.5,
                        echo=printed.append, color=False) == 1
    assert printed[-1].startswith("Coverage of acme-main is ")
    assert printed[-1].endswith("% of ports, below the required 99.5%.")


def test_the_fixture_suite_passes() -> None:
    report = run_paths([FIXTURES])
    assert report.passed, format_report(report)
    assert len(report.cases) == 17
