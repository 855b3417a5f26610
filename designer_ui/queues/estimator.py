"""Estimated wait time (EWT) for a caller in a queue, learnt from the queue's recent past.

In-queue flows announce "your expected wait is about N minutes" (`system.Queue.ewt_s`). The
estimate is rate-based rather than Erlang C, so it needs no arrival model and adapts when the
staffing or the traffic changes: with `n` agents working the queue and an average handle time
`h` learnt from recently answered calls, agents free up at a rate of about `n / h`; the caller
at position `p` is answered when `p` agents have freed up, after about `p * h / n`. Callers
ahead who give up shorten the wait: the share of recent callers who abandoned scales the queue
ahead. Averages are exponentially smoothed so a few unusual calls do not swing the estimate.

Pure: no clock, no database; the distributor (or a test's simulation) feeds it observations.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HANDLE_S = 180.0
"""The handle time assumed before the queue has answered any call."""
DEFAULT_SMOOTHING = 0.05
"""Weight of one new observation in the smoothed averages (about the last 20-40 calls count)."""
MAX_EWT_S = 86_400.0


@dataclass
class WaitEstimator:
    """Learns a queue's handle time and abandon share; estimates a position's wait."""

    handle_s: float = DEFAULT_HANDLE_S
    abandon_share: float = 0.0
    smoothing: float = DEFAULT_SMOOTHING
    handled: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.smoothing <= 1:
            raise ValueError("smoothing is a weight in (0, 1]")
        if self.handle_s <= 0:
            raise ValueError("the initial handle time is positive")

    def handled_call(self, handle_s: float) -> None:
        """An agent finished a call that lasted `handle_s` seconds (talk plus wrap-up)."""
        handle_s = max(0.0, float(handle_s))
        # Until a few calls are known, a plain mean; then the smoothed one.
        weight = max(self.smoothing, 1.0 / (self.handled + 1))
        self.handle_s += weight * (handle_s - self.handle_s)
        self.handled += 1
        self.abandon_share += self.smoothing * (0.0 - self.abandon_share)

    def abandoned_call(self, waited_s: float) -> None:
        """A caller gave up after waiting `waited_s` seconds."""
        del waited_s  # the share of callers who give up is what shortens the queue ahead
        self.abandon_share += self.smoothing * (1.0 - self.abandon_share)

    def estimate(self, position: int, agents: int, *, remaining_s: float | None = None) -> float:
        """Seconds until the caller at `position` (1: next) is answered by `agents` agents.

        `remaining_s`, when known, is how long until the first agent frees up (the soonest
        of the busy agents' remaining handle times); without it `handle / agents` is assumed,
        the mean for exponential handle times (calls already under way are memoryless).
        """
        if position < 1:
            return 0.0
        if agents < 1:
            return MAX_EWT_S
        ahead = (position - 1) * (1.0 - min(self.abandon_share, 0.9))
        first = self.handle_s / agents if remaining_s is None else max(0.0, remaining_s)
        return min(MAX_EWT_S, first + ahead * self.handle_s / agents)
