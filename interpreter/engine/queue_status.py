"""What an in-queue flow knows about its caller's wait: `system.Queue`.

A host running a queue's in-queue flow (kind `in_queue`) starts the session with
`queue_system(...)` and, whenever the distributor's figures change, rewrites the saved session
state with `with_queue_status` before the next `resume`, so the flow's next prompt reads the
current `system.Queue.position` and `system.Queue.ewt_s`. Pure data in, data out: the engine
stays free of clocks and I/O, and the flow tests and the simulator use the same functions.

How an in-queue flow leaves the queue: it ends with a `terminate` whose reason is one of
`QUEUE_EXITS`; the main flow's `route` block then hears that reason as its result and takes the
port of that name (or `failed` when that port is not connected). Any other ending keeps the
caller waiting.
"""

from __future__ import annotations

import copy
from typing import Any

QUEUE = "Queue"
QUEUE_EXITS = ("voicemail", "callback", "leave")


def queue_system(queue: str, position: int, ewt_s: float) -> dict[str, Any]:
    """The `system` values to start an in-queue session with."""
    return {QUEUE: {"name": queue, "position": max(0, int(position)),
                    "ewt_s": max(0, round(float(ewt_s)))}}


def with_queue_status(state: dict[str, Any], *, position: int | None = None,
                      ewt_s: float | None = None) -> dict[str, Any]:
    """A copy of a saved session state with `system.Queue` brought up to date."""
    updated = copy.deepcopy(state)
    system = updated.setdefault("system", {})
    queue = dict(system.get(QUEUE) or {})
    if position is not None:
        queue["position"] = max(0, int(position))
    if ewt_s is not None:
        queue["ewt_s"] = max(0, round(float(ewt_s)))
    system[QUEUE] = queue
    return updated


def queue_exit(end_reason: object) -> str | None:
    """The route result an ended in-queue session asks for, or None to keep waiting."""
    return end_reason if isinstance(end_reason, str) and end_reason in QUEUE_EXITS else None
