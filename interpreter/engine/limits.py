"""How long a session may live and how often it may wait at one block.

A flow that loops through timers never runs into the step limit (it waits between turns): an
`input` whose `noinput` port leads back to itself keeps a chat alive, and writing, forever.
The engine therefore ends a session that has lived longer than `max_duration_s` (by the host's
clock, checked whenever an event arrives) or that is about to wait more than
`max_waits_per_block` times at the same block. The session ends the way a `terminate` block
ends it: the caller is disconnected, the finalize phase runs, and the end reason says which
limit it was (`max_duration`, `max_waits`). Hosts choose the limits; None switches one off.

Both counters live in the JSON session state (`started_at`, `waits`), so any host process
enforces them; a state saved before they existed starts counting when it is next resumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interpreter.engine.errors import SessionStateError

DEFAULT_MAX_DURATION_S = 4 * 60 * 60
DEFAULT_MAX_WAITS_PER_BLOCK = 50
MAX_DURATION = "max_duration"
MAX_WAITS = "max_waits"


@dataclass(frozen=True, slots=True)
class SessionLimits:
    max_duration_s: float | None = DEFAULT_MAX_DURATION_S
    max_waits_per_block: int | None = DEFAULT_MAX_WAITS_PER_BLOCK

    def __post_init__(self) -> None:
        for name in ("max_duration_s", "max_waits_per_block"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be positive (or None for no limit)")

    def expired(self, started_at: float, now: float) -> bool:
        return self.max_duration_s is not None and now - started_at >= self.max_duration_s

    def too_many_waits(self, count: int) -> bool:
        return self.max_waits_per_block is not None and count > self.max_waits_per_block

    def explain(self, reason: str) -> str:
        if reason == MAX_DURATION:
            return f"the session ran longer than {self.max_duration_s:g} seconds"
        return f"the session waited more than {self.max_waits_per_block} times at one block"


def wait_key(flow_id: str, block_id: str, in_module: bool) -> str:
    """Blocks of modules count apart from the root flow's blocks of the same id."""
    return f"{flow_id}#{block_id}" if in_module else block_id


def restore_counters(state: dict[str, Any], now: float) -> tuple[float, dict[str, int]]:
    """(started_at, waits) from a saved state; a state without them starts counting now."""
    started_at = state.get("started_at", now)
    waits = state.get("waits", {})
    if not isinstance(started_at, (int, float)) or isinstance(started_at, bool):
        raise SessionStateError("session state: 'started_at' must be a number")
    if not isinstance(waits, dict) or not all(
            isinstance(key, str) and isinstance(count, int) and not isinstance(count, bool)
            for key, count in waits.items()):
        raise SessionStateError("session state: 'waits' must map block ids to counts")
    return float(started_at), dict(waits)
