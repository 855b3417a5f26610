"""The wait estimator against a simulated queue: Poisson arrivals, exponential handle times,
N agents serving first come first served. Every caller who has to wait is told an estimate on
arrival; after a warm-up the estimates must match the waits the callers really had."""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass

import pytest

from designer_ui.queues.estimator import MAX_EWT_S, WaitEstimator


@dataclass
class Told:
    estimate: float
    actual: float = -1.0


def simulate(agents: int, handle_s: float, load: float, callers: int,
             seed: int) -> list[Told]:
    """Run the queue; the estimate each waiting caller heard and the wait they had."""
    rng = random.Random(seed)
    estimator = WaitEstimator()
    arrival_rate = load * agents / handle_s
    free_at = [0.0] * agents  # min-heap of when each agent is next free
    heapq.heapify(free_at)
    waiting_until: list[float] = []  # answer times of callers still waiting, in order
    told: list[Told] = []
    now = 0.0
    for _ in range(callers):
        now += rng.expovariate(arrival_rate)
        waiting_until = [t for t in waiting_until if t > now]
        start = max(now, heapq.heappop(free_at))
        handle = rng.expovariate(1 / handle_s)
        heapq.heappush(free_at, start + handle)
        estimator.handled_call(handle)  # learnt when it ends; the order barely matters here
        if start > now:
            position = len(waiting_until) + 1
            told.append(Told(estimator.estimate(position, agents), start - now))
            waiting_until.append(start)
    return told


@pytest.mark.parametrize(("agents", "handle_s", "load"), [(5, 120.0, 0.9), (12, 300.0, 0.95),
                                                           (2, 60.0, 0.85)])
def test_estimates_are_within_twenty_percent_of_the_real_waits(agents: int, handle_s: float,
                                                                load: float) -> None:
    told = simulate(agents, handle_s, load, callers=20_000, seed=agents)
    after_warm_up = told[len(told) // 10:]
    assert len(after_warm_up) > 1000
    estimated = sum(t.estimate for t in after_warm_up) / len(after_warm_up)
    actual = sum(t.actual for t in after_warm_up) / len(after_warm_up)
    assert abs(estimated - actual) <= 0.2 * actual, (estimated, actual)
    # And in each half of the run on its own (the estimate keeps up, it is not a lucky mean).
    for position_band in (slice(0, len(after_warm_up) // 2), slice(len(after_warm_up) // 2, None)):
        band = after_warm_up[position_band]
        band_estimate = sum(t.estimate for t in band) / len(band)
        band_actual = sum(t.actual for t in band) / len(band)
        assert abs(band_estimate - band_actual) <= 0.2 * band_actual


def test_the_handle_time_is_learnt_and_smoothed() -> None:
    estimator = WaitEstimator(handle_s=600)
    estimator.handled_call(100)
    assert estimator.handle_s == 100  # the first call replaces the assumption
    for _ in range(200):
        estimator.handled_call(200)
    assert estimator.handle_s == pytest.approx(200, rel=0.01)
    estimator.handled_call(10_000)  # one outlier moves it only a little
    assert estimator.handle_s < 700


def test_abandons_shorten_the_queue_ahead() -> None:
    estimator = WaitEstimator(handle_s=100)
    before = estimator.estimate(5, 2)
    for _ in range(30):
        estimator.abandoned_call(40)
    assert estimator.estimate(5, 2) < before
    assert estimator.estimate(1, 2) == pytest.approx(50)


def test_edges() -> None:
    estimator = WaitEstimator(handle_s=100)
    assert estimator.estimate(0, 3) == 0
    assert estimator.estimate(3, 0) == MAX_EWT_S
    assert estimator.estimate(2, 4, remaining_s=10) == pytest.approx(35)
    with pytest.raises(ValueError):
        WaitEstimator(smoothing=0)
