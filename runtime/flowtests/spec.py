"""A flow-test file as the runner uses it: cases, steps and assertions, already checked.

These are read-only records built by `loading`; nothing here runs anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.flowtests.given import Given


@dataclass(frozen=True)
class ExpectStep:
    """`expect: {KIND: EXPECTED}`: an output the flow must produce."""

    kind: str
    expected: Any

    def describe(self) -> str:
        return f"expect {self.kind}"


@dataclass(frozen=True)
class InputStep:
    """`input: {KIND: VALUE}`: what the caller (or the network) does next."""

    kind: str
    value: Any

    def describe(self) -> str:
        if self.kind in ("dtmf", "text"):
            return f"input {self.kind} '{self.value}'"
        if self.kind == "queue":
            shown = self.value if isinstance(self.value, str) else dict(self.value)
            return f"input queue {shown}"
        if self.kind in ("route_result", "transfer_result", "callback_result", "agent"):
            return f"input {self.kind} {self.value}"
        return f"input {self.kind}"


Step = ExpectStep | InputStep


@dataclass(frozen=True)
class Assertions:
    """`assert:` checks made when the conversation is over; None means not checked."""

    variables: Mapping[str, Any] | None = None
    path: tuple[str, ...] | None = None
    milestones: tuple[str, ...] | None = None
    end_reason: str | None = None


@dataclass(frozen=True)
class FlowTestCase:
    name: str
    given: Given
    steps: tuple[Step, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)
    assertions: Assertions = field(default_factory=Assertions)
    strict: bool = False
    channels: tuple[str, ...] | None = None
    """The case's own `channel`, which replaces the file's."""


@dataclass(frozen=True)
class FlowTestFile:
    path: Path
    flow: str
    """The `flow:` value as written: a path relative to the file, or a flow id."""
    cases: tuple[FlowTestCase, ...]
    channels: tuple[str, ...] | None = None
    given: Mapping[str, Any] = field(default_factory=dict)
    """The file's own `given`, as checked but not yet merged (each case's `given` is merged)."""

    def case(self, name: str) -> FlowTestCase | None:
        return next((case for case in self.cases if case.name == name), None)
