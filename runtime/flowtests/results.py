"""What running flow tests produced: per case, per file, per run — the data every report uses.

The command line prints these, writes them as JUnit XML and computes coverage from them; the
pytest plugin turns a `CaseResult` into a pass or a failure report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from interpreter.engine.effects import AnalyticsEvent


@dataclass(frozen=True)
class CaseTrace:
    """Where a case went: blocks entered and ports taken, each with the flow id they belong to."""

    entered: frozenset[tuple[str, str]] = frozenset()
    ports: frozenset[tuple[str, str, str]] = frozenset()


@dataclass(frozen=True)
class CaseResult:
    file: Path
    case: str
    channel: str
    passed: bool
    message: str = ""
    duration: float = 0.0
    flow_id: str | None = None
    trace: CaseTrace = field(default_factory=CaseTrace)
    events: tuple[AnalyticsEvent, ...] = ()
    """The engine's analytics events of the run, for hosts that report test runs."""
    session_id: str = ""
    not_run: str = ""
    """Why the case was not run, or stopped before its end (a bound of the run was reached);
    such a case has not passed, and `message` says the same."""

    @property
    def name(self) -> str:
        return f"{self.case} [{self.channel}]"


@dataclass(frozen=True)
class FlowShape:
    """A flow's blocks and their ports, as coverage needs them."""

    flow_id: str
    path: Path
    blocks: Mapping[str, tuple[str, ...]]
    module: bool = False
    installed: bool = False


@dataclass
class FileResult:
    path: Path
    cases: list[CaseResult] = field(default_factory=list)
    error: str | None = None
    """Why the file could not be run at all (bad YAML, unknown keys, flow not found)."""
    flows: list[FlowShape] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.error is None and all(case.passed for case in self.cases)

    @property
    def duration(self) -> float:
        return sum(case.duration for case in self.cases)


@dataclass
class RunReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def cases(self) -> list[CaseResult]:
        return [case for result in self.files for case in result.cases]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.files)

    @property
    def failed_cases(self) -> list[CaseResult]:
        """Cases that ran and failed (cases not run are `not_run_cases`)."""
        return [case for case in self.cases if not case.passed and not case.not_run]

    @property
    def not_run_cases(self) -> list[CaseResult]:
        return [case for case in self.cases if case.not_run]

    @property
    def file_errors(self) -> list[FileResult]:
        return [result for result in self.files if result.error is not None]

    @property
    def duration(self) -> float:
        return sum(result.duration for result in self.files)
