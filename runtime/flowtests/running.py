"""The runner's entry points: find test files, run them, collect the results.

`designer test` and the Designer call these; the pytest plugin uses the same plan and case
runner one item at a time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from runtime.flowtests.case_runner import not_run, run_case
from runtime.flowtests.errors import FlowTestFileError
from runtime.flowtests.limits import RunBudget, RunLimits
from runtime.flowtests.loading import TEST_FILE_SUFFIX
from runtime.flowtests.plan import plan_file
from runtime.flowtests.results import CaseResult, FileResult, RunReport

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


def is_test_file(path: Path) -> bool:
    return path.name.endswith(TEST_FILE_SUFFIX)


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Test files named by `paths`: files as given, folders searched recursively.

    Hidden folders (`.git`, `.venv`), `node_modules` and the like are not searched. Raises
    FileNotFoundError for a path that does not exist.
    """
    found: dict[Path, None] = {}
    for item in paths:
        path = Path(item)
        if path.is_file():
            found[path] = None
        elif path.is_dir():
            for file in _walk(path):
                found[file] = None
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return list(found)


def _walk(folder: Path) -> list[Path]:
    files: list[Path] = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders
                            if not name.startswith(".") and name not in SKIPPED_FOLDERS)
        files.extend(Path(root) / name for name in sorted(names)
                     if name.endswith(TEST_FILE_SUFFIX))
    return files


def run_file(path: Path | str, *, module_paths: Sequence[Path | str] = (),
             limits: RunLimits | None = None) -> FileResult:
    """Run every case of one test file on each of its channels, within `limits` (by default
    the Designer's, `RunLimits.from_env()`): cases past a bound are reported not run."""
    budget = RunBudget(limits if limits is not None else RunLimits.from_env())
    path = Path(path)
    try:
        plan = plan_file(path, module_paths=module_paths)
    except FlowTestFileError as exc:
        return FileResult(path, error="\n".join(exc.problems))
    cases: list[CaseResult] = []
    for index, (case, channel) in enumerate(plan.runs):
        if budget.limits.max_cases is not None and index >= budget.limits.max_cases:
            cases.append(not_run(plan, case, channel, budget.cases_reason()))
        else:
            cases.append(run_case(plan, case, channel, budget))
    return FileResult(path, cases, flows=plan.shapes())


def run_paths(paths: Iterable[Path | str], *, module_paths: Sequence[Path | str] = (),
              limits: RunLimits | None = None) -> RunReport:
    """Discover and run every test file under `paths` (see `discover`); `limits` apply to
    each file on its own."""
    return RunReport([run_file(path, module_paths=module_paths, limits=limits)
                      for path in discover(paths)])
