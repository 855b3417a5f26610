"""Runs `*.flowtest.yaml` files under pytest: one test item per case and channel.

Registered as the `designer_flowtests` pytest11 entry point, so `pytest` in a repository of
flows runs its flow tests next to its Python tests. A failing case reports the runner's own
message (expected beside actual, the block, the outputs seen) instead of a Python traceback;
a test file that cannot be used is a collection error naming the file, case and key.

Extra module folders (installed MicroApps) can be listed in the ini file:

    [tool.pytest.ini_options]
    flowtest_module_paths = ["microapps"]
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runtime.flowtests.case_runner import run_case
from runtime.flowtests.errors import FlowTestFileError
from runtime.flowtests.limits import RunBudget, RunLimits
from runtime.flowtests.plan import FilePlan, plan_file
from runtime.flowtests.running import is_test_file
from runtime.flowtests.spec import FlowTestCase

MODULE_PATHS_INI = "flowtest_module_paths"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(MODULE_PATHS_INI, "Extra folders where flow tests look for modules "
                  "(installed MicroApps).", type="paths", default=[])


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if is_test_file(file_path):
        collector: FlowTestFile = FlowTestFile.from_parent(parent, path=file_path)
        return collector
    return None


class FlowTestFailed(Exception):
    """A case failed; the message is the runner's readable explanation."""


class FlowTestFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        module_paths = [Path(p) for p in self.config.getini(MODULE_PATHS_INI)]
        plan = plan_file(self.path, module_paths=module_paths)
        for case, channel in plan.runs:
            yield FlowTestItem.from_parent(self, name=f"{case.name} [{channel}]", plan=plan,
                                           case=case, channel=channel)

    def repr_failure(  # type: ignore[override]
            self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:
        if isinstance(excinfo.value, FlowTestFileError):
            return "This flow-test file cannot be used:\n" + "\n".join(
                f"  {problem}" for problem in excinfo.value.problems)
        return super().repr_failure(excinfo)


class FlowTestItem(pytest.Item):
    def __init__(self, *, plan: FilePlan, case: FlowTestCase, channel: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.plan = plan
        self.case = case
        self.channel = channel
        self.add_marker(pytest.mark.flowtest)

    def runtest(self) -> None:
        result = run_case(self.plan, self.case, self.channel, RunBudget(RunLimits.cli_from_env()))
        if not result.passed:
            raise FlowTestFailed(result.message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> Any:
        if isinstance(excinfo.value, FlowTestFailed):
            return (f"Flow test '{self.case.name}' failed on {self.channel} "
                    f"(flow '{self.plan.flow.id}'):\n{excinfo.value}")
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"flow test: {self.name}"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "flowtest: a case from a *.flowtest.yaml file")
