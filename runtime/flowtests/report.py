"""Flow-test results for people and for CI: a line per case with a summary, and JUnit XML.

JUnit XML is what CI servers (GitHub Actions reporters, GitLab, Jenkins) read: one
`<testsuite>` per test file, one `<testcase>` per case and channel, the readable failure
message as the `<failure>` text. A file that cannot be run is one `<testcase>` with `<error>`,
and so is a case a bound of the run kept from running (`NOT RUN`): it fails the build like an
error, since nobody knows whether it would pass.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from runtime.flowtests.results import CaseResult, FileResult, RunReport

_GREEN, _RED, _BOLD, _RESET = "\033[32m", "\033[31m", "\033[1m", "\033[0m"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def display_path(path: Path) -> str:
    """A path relative to the current folder when it is below it, else as it is."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def case_id(case: CaseResult) -> str:
    return f"{display_path(case.file)}::{case.case} [{case.channel}]"


def format_report(report: RunReport, color: bool = False) -> str:
    """`PASS  file::case [voice]` lines, failure details indented, then a summary line."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines: list[str] = []
    for result in report.files:
        if result.error is not None:
            lines.append(f"{paint('ERROR', _RED)} {display_path(result.path)}")
            lines.extend(_indent(result.error))
            continue
        for case in result.cases:
            if case.passed:
                lines.append(f"{paint('PASS', _GREEN)}  {case_id(case)}")
            elif case.not_run:
                lines.append(f"{paint('NOT RUN', _RED)} {case_id(case)}")
                lines.extend(_indent(case.message))
            else:
                lines.append(f"{paint('FAIL', _RED)}  {case_id(case)}")
                lines.extend(_indent(case.message))
    lines.append("")
    lines.append(paint(summary(report), _BOLD))
    return "\n".join(lines)


def summary(report: RunReport) -> str:
    cases = report.cases
    failed = len(report.failed_cases)
    skipped = len(report.not_run_cases)
    errors = len(report.file_errors)
    parts = [f"{len(cases) - failed - skipped} passed", f"{failed} failed"]
    if skipped:
        parts.append(f"{skipped} not run")
    if errors:
        parts.append(f"{errors} file{'s' if errors != 1 else ''} could not be run")
    verdict = "OK" if report.passed else "FAILED"
    noun = "case" if len(cases) == 1 else "cases"
    return (f"{verdict}: {len(cases)} {noun} in {len(report.files)} "
            f"file{'s' if len(report.files) != 1 else ''}: {', '.join(parts)} "
            f"({report.duration:.2f}s)")


def _indent(text: str) -> list[str]:
    return [f"      {line}" if line else "" for line in text.splitlines()]


def junit_tree(report: RunReport) -> ET.ElementTree:
    failures = len(report.failed_cases)
    errors = len(report.file_errors) + len(report.not_run_cases)
    root = ET.Element("testsuites", name="flow tests",
                      tests=str(len(report.cases) + len(report.file_errors)),
                      failures=str(failures), errors=str(errors),
                      time=f"{report.duration:.3f}")
    for result in report.files:
        root.append(_suite(result))
    ET.indent(root)
    return ET.ElementTree(root)


def _suite(result: FileResult) -> ET.Element:
    name = display_path(result.path)
    failures = sum(1 for case in result.cases if not case.passed and not case.not_run)
    not_run = sum(1 for case in result.cases if case.not_run)
    errors = (1 if result.error is not None else 0) + not_run
    suite = ET.Element("testsuite", name=name,
                       tests=str(len(result.cases) + (1 if result.error is not None else 0)),
                       failures=str(failures), errors=str(errors), skipped="0",
                       time=f"{result.duration:.3f}")
    if result.error is not None:
        testcase = ET.SubElement(suite, "testcase", classname=_classname(result.path),
                                 name="(test file)", time="0.000")
        error = ET.SubElement(testcase, "error", message=_first_line(result.error),
                              type="FlowTestFileError")
        error.text = _xml_text(result.error)
    for case in result.cases:
        testcase = ET.SubElement(suite, "testcase", classname=_classname(case.file),
                                 name=_xml_text(case.name), time=f"{case.duration:.3f}")
        if case.not_run:
            error = ET.SubElement(testcase, "error", message=_first_line(case.message),
                                  type="FlowTestNotRun")
            error.text = _xml_text(case.message)
        elif not case.passed:
            failure = ET.SubElement(testcase, "failure", message=_first_line(case.message),
                                    type="FlowTestFailure")
            failure.text = _xml_text(case.message)
    return suite


def _classname(path: Path) -> str:
    name = display_path(path).removesuffix(".flowtest.yaml")
    return name.replace(os.sep, ".").replace("/", ".").strip(".")


def _first_line(text: str) -> str:
    return _xml_text(text.splitlines()[0]) if text else ""


def _xml_text(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def write_junit(report: RunReport, path: Path | str) -> None:
    """Write the report as JUnit XML, creating the folder if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    junit_tree(report).write(path, encoding="utf-8", xml_declaration=True)
