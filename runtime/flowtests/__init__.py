"""Flow tests: YAML conversations run against a flow with the outside world mocked.

The public API used by `designer test`, the Designer and the pytest plugin:

- `discover(paths)`, `run_file(path, module_paths=(), limits=None)`,
  `run_paths(paths, module_paths=(), limits=None)`; `RunLimits` bounds a run (see `limits`)
- `format_report(report, color=False)`, `write_junit(report, path)`
- `port_coverage(report)`, `coverage_percentage(coverages)`, `format_coverage(coverages)`
- lower level: `load_test_file(path)`, `plan_file(path, module_paths=())`,
  `run_case(plan, case, channel)`

See docs/flow-tests.md for the file format.
"""

from __future__ import annotations

from runtime.flowtests.case_runner import run_case
from runtime.flowtests.coverage import (
    FlowCoverage,
    coverage_percentage,
    format_coverage,
    port_coverage,
)
from runtime.flowtests.errors import CaseFailure, FlowTestFileError
from runtime.flowtests.globs import glob_match
from runtime.flowtests.limits import RunLimits
from runtime.flowtests.loading import TEST_FILE_SUFFIX, load_test_file
from runtime.flowtests.plan import FilePlan, plan_file
from runtime.flowtests.report import format_report, junit_tree, summary, write_junit
from runtime.flowtests.results import CaseResult, CaseTrace, FileResult, FlowShape, RunReport
from runtime.flowtests.running import discover, is_test_file, run_file, run_paths
from runtime.flowtests.spec import FlowTestCase, FlowTestFile

__all__ = [
    "TEST_FILE_SUFFIX", "CaseFailure", "CaseResult", "CaseTrace", "FilePlan", "FileResult",
    "FlowCoverage", "FlowShape", "FlowTestCase", "FlowTestFile", "FlowTestFileError",
    "RunLimits", "RunReport", "coverage_percentage", "discover", "format_coverage", "format_report",
    "glob_match", "is_test_file", "junit_tree", "load_test_file", "plan_file", "port_coverage",
    "run_case", "run_file", "run_paths", "summary", "write_junit",
]
