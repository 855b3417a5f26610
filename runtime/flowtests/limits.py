"""What one flow-test run may cost: case runs per file, inputs per case, CPU time per file.

Each turn of the engine is bounded by the turn budget (`runtime.turn_budget`), but a test file
can hold any number of cases and steps, so a run needs a total as well. A case past a bound is
not run: its result says why (`CaseResult.not_run`) and counts against the run, never as a pass.

The Designer runs a flow's tests inside a web request and uses the tighter bounds; `designer
test` (CI, many files) has wider defaults, applied to each file on its own. Each bound is an
environment variable (`unlimited` or `0`: no bound):

| variable | meaning | Designer default |
|---|---|---|
| `FLOWTEST_MAX_CASES` | case runs (a case on one channel) per file | 200 |
| `FLOWTEST_MAX_INPUTS` | input steps per case | 200 |
| `FLOWTEST_MAX_CPU_SECONDS` | CPU seconds per file, loading the flow included | 60 |

`designer test` reads `FLOWTEST_CLI_MAX_CASES`, `FLOWTEST_CLI_MAX_INPUTS` and
`FLOWTEST_CLI_MAX_CPU_SECONDS` instead (defaults 2000, 1000 and 600); the pytest plugin applies
those to each case it runs.

CPU time is the running thread's (`time.thread_time`), checked before each case, each step and
each automatic answer of the outside world, so a run stops at most one engine turn after its
budget is spent.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from runtime.flowtests.spec import FlowTestCase, InputStep
from runtime.turn_budget import limit_setting

DESIGNER_PREFIX = "FLOWTEST_"
CLI_PREFIX = "FLOWTEST_CLI_"


@dataclass(frozen=True)
class RunLimits:
    """Bounds of one run of one test file; None is no bound."""

    max_cases: int | None = 200
    max_inputs: int | None = 200
    max_cpu_seconds: float | None = 60.0
    prefix: str = DESIGNER_PREFIX
    """The environment variables' prefix, named in the reasons a case is not run."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RunLimits:
        """The Designer's bounds (`FLOWTEST_MAX_*`)."""
        return _from_env(env, DESIGNER, DESIGNER_PREFIX)

    @classmethod
    def cli_from_env(cls, env: Mapping[str, str] | None = None) -> RunLimits:
        """`designer test`'s bounds per file (`FLOWTEST_CLI_MAX_*`)."""
        return _from_env(env, CLI, CLI_PREFIX)

    def variable(self, name: str) -> str:
        return f"{self.prefix}{name}"


DESIGNER = RunLimits()
CLI = RunLimits(max_cases=2000, max_inputs=1000, max_cpu_seconds=600.0, prefix=CLI_PREFIX)
UNBOUNDED = RunLimits(max_cases=None, max_inputs=None, max_cpu_seconds=None)


def _from_env(env: Mapping[str, str] | None, defaults: RunLimits, prefix: str) -> RunLimits:
    env = os.environ if env is None else env
    cases = limit_setting(env, f"{prefix}MAX_CASES", defaults.max_cases)
    inputs = limit_setting(env, f"{prefix}MAX_INPUTS", defaults.max_inputs)
    cpu = limit_setting(env, f"{prefix}MAX_CPU_SECONDS", defaults.max_cpu_seconds)
    return RunLimits(max_cases=None if cases is None else int(cases),
                     max_inputs=None if inputs is None else int(inputs),
                     max_cpu_seconds=cpu, prefix=prefix)


class BudgetSpent(Exception):
    """The run's CPU budget is used up; the case in progress stops and is reported not run."""


class RunBudget:
    """The limits of one file's run and the CPU time it has used since it began."""

    def __init__(self, limits: RunLimits,
                 clock: Callable[[], float] = time.thread_time):
        self.limits = limits
        self._clock = clock
        self._started = clock()

    @property
    def spent(self) -> float:
        return self._clock() - self._started

    @property
    def exhausted(self) -> bool:
        limit = self.limits.max_cpu_seconds
        return limit is not None and self.spent >= limit

    def check(self) -> None:
        """Raise BudgetSpent when the CPU budget is used up."""
        if self.exhausted:
            raise BudgetSpent(self.cpu_reason())

    def cpu_reason(self) -> str:
        return (f"the run used its CPU time budget of {self.limits.max_cpu_seconds:g} s "
                f"({self.limits.variable('MAX_CPU_SECONDS')})")

    def cases_reason(self) -> str:
        return (f"the file has more case runs than the {self.limits.max_cases} allowed per run "
                f"(each case on each channel counts; {self.limits.variable('MAX_CASES')})")

    def inputs_reason(self, case: FlowTestCase) -> str | None:
        """Why the case is too long to run, or None when it is not."""
        limit = self.limits.max_inputs
        count = input_count(case)
        if limit is None or count <= limit:
            return None
        return (f"the case has {count} input steps, more than the {limit} allowed per case "
                f"({self.limits.variable('MAX_INPUTS')})")


def input_count(case: FlowTestCase) -> int:
    return sum(1 for step in case.steps if isinstance(step, InputStep))
