"""What an evaluation may learn from the world: the clock, randomness and the time zone.

Expressions never read the system clock or a global random generator directly, so a flow
test (or a replayed session) can fix them by passing its own EvalContext.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass


def wall_clock_ms() -> float:
    """Milliseconds since the Unix epoch, like ``Date.now()``."""
    return time.time() * 1000.0


@dataclass(frozen=True)
class EvalContext:
    """Clock (epoch milliseconds), random source in [0, 1) and default IANA time zone."""

    now_ms: Callable[[], float] = wall_clock_ms
    random: Callable[[], float] = random.random
    timezone: str = "UTC"


DEFAULT_CONTEXT = EvalContext()


def context_or_default(ctx: EvalContext | None) -> EvalContext:
    return DEFAULT_CONTEXT if ctx is None else ctx
