"""What one finished session amounts to: its outcome, path, milestones, duration, where the
caller dropped off and how long each block held them.

Built from all of a session's stored events when its `session_end` arrives (exactly once,
since that event is inserted once), so the session record and the session-level roll-ups do
not depend on how the events were batched.

Outcomes:
- `errored`: the session ended with the reason `error`;
- `routed`: handed to an agent or transferred (`routed`, `transferred`);
- `abandoned`: the caller hung up, or the chat was closed as idle, before the flow ended, or
  the flow itself gave up on a silent caller (a `terminate` with the reason `idle` or
  `abandoned`);
- `unrouted`: the flow reached assisted service (the phase, or a route/transfer attempt) but
  ended without an agent;
- `contained`: ended in self-service: the flow ended without reaching assisted service.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

MAX_PATH_BLOCKS = 60
ROUTED_REASONS = frozenset({"routed", "transferred"})
ABANDONED_REASONS = frozenset({"hangup", "idle", "abandoned"})
ASSISTED_EVENTS = frozenset({"route_result", "transfer_result"})


class EventFields(Protocol):
    """What a summary and the roll-ups read of an event: a `StoredEvent` read back from the
    database, or an `EventRecord` of the batch being written."""

    @property
    def seq(self) -> int: ...
    @property
    def ts(self) -> float: ...
    @property
    def kind(self) -> str: ...
    @property
    def block(self) -> str | None: ...
    @property
    def module(self) -> str | None: ...
    @property
    def data(self) -> Mapping[str, Any] | None: ...


@dataclass(frozen=True, slots=True)
class StoredEvent:
    seq: int
    ts: float
    kind: str
    block: str | None
    module: str | None
    data: Mapping[str, Any] | None


class BlockTime(NamedTuple):
    """A visit of a block: which flow (a module's `id@version`, or None) and how long."""

    module: str | None
    block: str
    seconds: float


@dataclass
class SessionSummary:
    started_at: float
    ended_at: float | None = None
    end_reason: str | None = None
    reached_assisted: bool = False
    path: list[str] = field(default_factory=list)
    path_truncated: bool = False
    milestones: list[str] = field(default_factory=list)
    last_block: str | None = None
    dropoff: tuple[str | None, str] | None = None
    times: list[BlockTime] = field(default_factory=list)
    event_count: int = 0
    error_count: int = 0

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def duration_s(self) -> float | None:
        return None if self.ended_at is None else max(0.0, self.ended_at - self.started_at)

    @property
    def outcome(self) -> str:
        if self.ended_at is None:
            return "active"
        if self.end_reason == "error":
            return "errored"
        if self.end_reason in ROUTED_REASONS:
            return "routed"
        if self.end_reason in ABANDONED_REASONS:
            return "abandoned"
        return "unrouted" if self.reached_assisted else "contained"

    @property
    def path_text(self) -> str:
        return ">".join(self.path) + (">…" if self.path_truncated else "")

    @property
    def milestones_text(self) -> str:
        """`|a||b|`: in order, each name wrapped in `|`, so a funnel can match `%|a|%|b|%`."""
        return "".join(f"|{name}|" for name in self.milestones)


def milestone_label(name: object) -> str:
    """A milestone's name as kept in `milestones` (`|` is the delimiter there)."""
    return str(name).replace("|", "/")


class _Clock:
    """The block a session is in (per flow scope) and since when."""

    def __init__(self) -> None:
        self.current: tuple[str | None, str, float] | None = None
        self.times: list[BlockTime] = []

    def enter(self, module: str | None, block: str, ts: float) -> None:
        self.stop(ts)
        self.current = (module, block, ts)

    def stop(self, ts: float) -> None:
        if self.current is not None:
            module, block, since = self.current
            self.times.append(BlockTime(module, block, max(0.0, ts - since)))
            self.current = None


def summarize(events: Sequence[EventFields]) -> SessionSummary:
    """The summary of one session from its events (any order; sorted by seq here)."""
    ordered = sorted(events, key=lambda event: event.seq)
    summary = SessionSummary(started_at=min((event.ts for event in ordered), default=0.0))
    clock = _Clock()
    where: tuple[str | None, str] | None = None
    asked: tuple[str | None, str] | None = None
    for event in ordered:
        data = event.data or {}
        kind = event.kind
        summary.event_count += 1
        if kind == "session_start":
            summary.started_at = event.ts
        elif kind == "block_entered" and event.block:
            clock.enter(event.module, event.block, event.ts)
            where = (event.module, event.block)
            if event.module is None:
                summary.last_block = event.block
                if len(summary.path) < MAX_PATH_BLOCKS:
                    summary.path.append(event.block)
                else:
                    summary.path_truncated = True
        elif kind in ASSISTED_EVENTS or (kind == "phase"
                                         and data.get("phase") == "assisted_service"):
            summary.reached_assisted = True
        elif kind == "input_outcome" and event.block:
            asked = (event.module, event.block)
        elif kind == "milestone" and data.get("name") is not None:
            summary.milestones.append(milestone_label(data["name"]))
        elif kind == "error":
            summary.error_count += 1
        elif kind == "hangup":
            clock.stop(event.ts)
            if summary.dropoff is None:
                summary.dropoff = (event.module, event.block) if event.block else where
        elif kind == "session_end":
            clock.stop(event.ts)
            summary.ended_at = event.ts
            summary.end_reason = str(data.get("reason") or "completed")
    summary.times = clock.times
    if summary.outcome != "abandoned":
        summary.dropoff = None
    elif summary.dropoff is None:
        summary.dropoff = asked or where
    return summary
