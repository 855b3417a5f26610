"""Problems found in a flow document, phrased for the business user who drew it.

Every check in the product (loading, props, graph, expressions, modules) reports the same
shape, so the editor can pin a problem on a block and `designer validate --json` can print it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a flow: where it is, how bad, and what to do about it."""

    severity: Severity
    code: str
    message: str
    block_id: str | None = None
    path: str = ""
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def describe(self) -> str:
        where = self.block_id or "flow"
        if self.path:
            where += f" {self.path}"
        if self.line is not None:
            where += f" (line {self.line}, column {self.column})"
        return f"{self.severity}: {where}: {self.message}"


def error(code: str, message: str, block_id: str | None = None, path: str = "", **kw: Any) -> Problem:
    return Problem("error", code, message, block_id, path, **kw)


def warning(code: str, message: str, block_id: str | None = None, path: str = "", **kw: Any) -> Problem:
    return Problem("warning", code, message, block_id, path, **kw)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.severity == "error" for problem in problems)


class FlowFormatError(Exception):
    """A flow document that cannot be loaded at all; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        summary = "; ".join(problem.describe() for problem in problems[:5])
        more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"invalid flow document: {summary}{more}")
