"""What `designer test` does, kept here so the command-line module stays a thin adapter.

Runs the tests, prints a line per case and a summary, optionally writes JUnit XML and reports
coverage, and returns the exit code: 0 when everything passed, 1 on a failing case, a test file
that cannot be run, or coverage below `--min-coverage`, 2 when there was nothing to run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from runtime.flowtests.coverage import FlowCoverage, format_coverage, port_coverage
from runtime.flowtests.limits import RunLimits
from runtime.flowtests.report import format_report, write_junit
from runtime.flowtests.running import run_paths

EXIT_OK, EXIT_FAILED, EXIT_NOTHING = 0, 1, 2


def run_from_cli(paths: Sequence[Path | str], *, junit: Path | str | None = None,
                 coverage: bool = False, min_coverage: float | None = None,
                 module_paths: Sequence[Path | str] = (),
                 echo: Callable[[str], object] = print, color: bool | None = None) -> int:
    try:
        limits = RunLimits.cli_from_env()
    except ValueError as exc:
        echo(f"designer test: {exc}")
        return EXIT_NOTHING
    try:
        report = run_paths(paths, module_paths=module_paths, limits=limits)
    except FileNotFoundError as exc:
        echo(f"designer test: {exc}")
        return EXIT_NOTHING
    if not report.files:
        echo(f"designer test: no flow tests (*.flowtest.yaml) in {', '.join(map(str, paths))}")
        return EXIT_NOTHING
    echo(format_report(report, color=sys.stdout.isatty() if color is None else color))
    code = EXIT_OK if report.passed else EXIT_FAILED
    if junit is not None:
        write_junit(report, junit)
        echo(f"JUnit XML written to {junit}")
    if coverage or min_coverage is not None:
        coverages = port_coverage(report)
        echo("")
        echo(format_coverage(coverages))
        if min_coverage is not None:
            below = coverage_shortfalls(coverages, min_coverage)
            for item in below:
                echo(f"Coverage of {item.flow_id} is {item.port_percent:.1f}% of ports, below "
                     f"the required {min_coverage:g}%.")
            if below:
                code = EXIT_FAILED
    return code


def coverage_shortfalls(coverages: Sequence[FlowCoverage], minimum: float) -> list[FlowCoverage]:
    """Flows under test whose port coverage is below `minimum` percent.

    Modules reached only through the flows that call them are reported but not held to the
    minimum; a module with test files of its own is a flow under test like any other.
    """
    return [item for item in coverages if not item.module and item.port_percent < minimum]
