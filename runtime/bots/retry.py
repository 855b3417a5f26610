"""Bounded retries with exponential backoff, inside the turn's time budget.

A caller is waiting on the line, so the budget is the definition's `timeout_ms` for the whole
turn: a retry is only started if its backoff still ends before the deadline, and each attempt
is told how much time is left. Only failures classified `transient` are retried.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from runtime.bots.definition import BotDefinition
from runtime.bots.errors import BotFailure, timed_out

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """Delay before retry n (0-based) is `base_delay_s * 2**n`, capped, with +/-`jitter`."""

    base_delay_s: float = 0.2
    max_delay_s: float = 2.0
    jitter: float = 0.2
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    def delay(self, retry: int) -> float:
        base = min(self.max_delay_s, self.base_delay_s * (2 ** retry))
        return max(0.0, base * (1 + random.uniform(-self.jitter, self.jitter)))


def call_with_retries(attempt: Callable[[float], T], classify: Callable[[Exception], BotFailure],
                      definition: BotDefinition, policy: RetryPolicy) -> T:
    """`attempt(seconds_left)` until it succeeds; raises the final `BotFailure` otherwise."""
    deadline = policy.clock() + definition.timeout_s
    tries = 0
    while True:
        tries += 1
        left = deadline - policy.clock()
        if left <= 0:
            raise timed_out(definition.timeout_ms)
        try:
            return attempt(left)
        except BotFailure:
            raise
        except Exception as exc:
            failure = classify(exc)
        if failure.kind != "transient":
            raise failure
        pause = policy.delay(tries - 1)
        if tries > definition.max_retries or policy.clock() + pause >= deadline:
            suffix = "" if tries == 1 else f" (tried {tries} times)"
            raise BotFailure("transient", failure.message + suffix)
        policy.sleep(pause)
