"""Why a package, an install or a review was refused, in words a developer can act on.

Every refusal carries a machine-readable `code` (the API's error code and the tests' handle)
and a message naming the file, key or MicroApp at fault; several problems found in one pass
are kept together so a developer fixes them all at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class PackageProblem:
    code: str
    message: str
    path: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {key: value for key, value in data.items() if value not in ("", {}, None)}

    def describe(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class MicroAppError(Exception):
    """Base of every refusal; `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, code: str, message: str, *, problems: list[PackageProblem] | None = None,
                 details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems = problems or []
        self.details = details or {}

    def describe(self) -> str:
        lines = [self.message]
        lines.extend(f"  - {problem.describe()}" for problem in self.problems
                     if problem.message != self.message)
        return "\n".join(lines)

    def to_details(self) -> dict[str, Any]:
        details = dict(self.details)
        if self.problems:
            details["problems"] = [problem.to_dict() for problem in self.problems]
        return details


class PackageError(MicroAppError):
    """The package itself is unusable: unsafe archive, bad manifest, wrong hashes, bad flows."""


class PackageTooLarge(PackageError):
    status = 413


class InvalidFlows(PackageError):
    status = 422


class FlowTestsFailed(PackageError):
    status = 422


class ResolutionError(MicroAppError):
    """Dependencies cannot be satisfied: missing, conflicting ranges, cycles, yanked."""

    status = 409


class StoreError(MicroAppError):
    """A store operation refused: version exists, not found, not allowed, wrong state."""

    def __init__(self, status: int, code: str, message: str, **kwargs: Any):
        super().__init__(code, message, **kwargs)
        self.status = status


def single(code: str, message: str, path: str = "", error: type[PackageError] = PackageError,
           **details: Any) -> PackageError:
    """A refusal with one problem, the message repeated in it so reports list it alike."""
    return error(code, message, problems=[PackageProblem(code, message, path, details)])
