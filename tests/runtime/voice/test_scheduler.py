"""The worker loop's scheduler: jobs under way are counted until their result has been handled."""

from __future__ import annotations

import threading
import time

import pytest

from runtime.voice.scheduler import Scheduler


def run_until(scheduler: Scheduler, done: threading.Event, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done.is_set() and time.monotonic() < deadline:
        scheduler.run_due()
        time.sleep(0.01)


def test_a_job_is_in_flight_until_its_done_callback_ran() -> None:
    scheduler = Scheduler(threads=1)
    release, handled = threading.Event(), threading.Event()
    results: list[object] = []

    def done(result: object) -> None:
        results.append(result)
        handled.set()

    try:
        assert scheduler.jobs_in_flight == 0
        scheduler.submit(lambda: release.wait(10) and "ok", done)
        assert scheduler.jobs_in_flight == 1
        scheduler.run_due()
        assert scheduler.jobs_in_flight == 1  # still running in the pool
        release.set()
        deadline = time.monotonic() + 10
        while not scheduler.has_pending_jobs() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert scheduler.jobs_in_flight == 1  # finished, but its result not handled yet
        run_until(scheduler, handled)
        assert results == ["ok"]
        assert scheduler.jobs_in_flight == 0
    finally:
        scheduler.shutdown()


def test_failed_jobs_and_failing_callbacks_leave_the_count() -> None:
    scheduler = Scheduler(threads=2)
    seen: list[object] = []

    def boom() -> None:
        raise ValueError("no database")

    def failing_done(result: object) -> None:
        seen.append(result)
        raise RuntimeError("a callback failed")

    def last_done(result: object) -> None:
        seen.append(result)

    try:
        scheduler.submit(boom, failing_done)
        scheduler.submit(lambda: 7, last_done)
        assert scheduler.jobs_in_flight == 2
        deadline = time.monotonic() + 10
        while scheduler.jobs_in_flight and time.monotonic() < deadline:
            scheduler.run_due()
            time.sleep(0.01)
        assert scheduler.jobs_in_flight == 0
        assert len(seen) == 2 and 7 in seen
        assert any(isinstance(item, ValueError) for item in seen)
    finally:
        scheduler.shutdown()


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_turn_runs_what_is_due_and_tells_the_wait_for_the_next_timer() -> None:
    clock = _Clock()
    scheduler = Scheduler(threads=1, clock=clock)
    ran: list[str] = []
    try:
        assert scheduler.turn() is None  # no timer at all
        scheduler.call_later(0.5, lambda: ran.append("soon"))
        cancelled = scheduler.call_later(0.2, lambda: ran.append("cancelled"))
        scheduler.call_later(2.0, lambda: ran.append("later"))
        cancelled.cancel()
        assert scheduler.turn() == 0.5  # the cancelled timer before it does not count
        clock.now += 0.6
        assert scheduler.turn() == pytest.approx(1.4)
        assert ran == ["soon"]
        clock.now += 5.0
        assert scheduler.turn() is None
        assert ran == ["soon", "later"]
    finally:
        scheduler.shutdown()


def test_a_turn_runs_finished_jobs_and_the_timers_they_set() -> None:
    clock = _Clock()
    scheduler = Scheduler(threads=1, clock=clock)
    handled = threading.Event()
    results: list[object] = []

    def done(result: object) -> None:
        results.append(result)
        scheduler.call_later(0.0, lambda: results.append("timer"))
        handled.set()

    try:
        scheduler.submit(lambda: "ok", done)
        deadline = time.monotonic() + 10
        while not handled.is_set() and time.monotonic() < deadline:
            wait = scheduler.turn()
            time.sleep(0.01)
        # the turn that handled the result also ran the timer it set for now
        assert results == ["ok", "timer"] and scheduler.jobs_in_flight == 0
        assert wait is None
    finally:
        scheduler.shutdown()
