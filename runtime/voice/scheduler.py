"""The worker's event loop helpers: timers and work done off the loop.

pjsua2 runs with `threadCnt=0` and `mainThreadOnly`, so SIP callbacks, the engine and every
call's state run in one thread that polls `libHandleEvents`. Anything slow (speech synthesis
and recognition, a flow's HTTP requests, writing call records) runs in a small thread pool;
its result comes back through a queue that the loop drains, so call state is only ever touched
from the loop's thread.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)


class Timer:
    __slots__ = ("cancelled", "due", "fn")

    def __init__(self, due: float, fn: Callable[[], None]):
        self.due = due
        self.fn = fn
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Scheduler:
    def __init__(self, *, threads: int = 4, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._heap: list[tuple[float, int, Timer]] = []
        self._order = itertools.count()
        self._done: queue.SimpleQueue[tuple[Callable[[Any], None], Any]] = queue.SimpleQueue()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="voice-job")
        self._jobs = 0
        """Submitted jobs whose `done` has not run yet (only the loop's thread counts)."""

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Timer:
        timer = Timer(self.clock() + max(delay_s, 0.0), fn)
        heapq.heappush(self._heap, (timer.due, next(self._order), timer))
        return timer

    def call_soon(self, fn: Callable[[], None]) -> Timer:
        return self.call_later(0.0, fn)

    def submit(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run `work` in the pool; `done(result or exception)` runs later on the loop."""

        def run() -> None:
            try:
                result: Any = work()
            except Exception as exc:  # the loop decides what a failure means
                result = exc
            self._done.put((done, result))

        self._pool.submit(run)
        self._jobs += 1

    def seconds_to_next(self) -> float | None:
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        if not self._heap:
            return None
        return max(self._heap[0][0] - self.clock(), 0.0)

    def run_due(self) -> int:
        """Run finished jobs' callbacks and due timers; how many ran."""
        return self._run_finished_jobs() + self._run_timers_due(self.clock())

    def turn(self) -> float | None:
        """One turn of the loop's own work, after each poll: finished jobs' callbacks and due
        timers run; the seconds until the next timer (None: no timer).

        Most turns find nothing to do, and a busy worker takes fifty a second, each after its
        thread slept in the poll (so with cold caches): such a turn only reads the job count,
        the clock and the first timer."""
        if self._jobs:
            self._run_finished_jobs()
        heap = self._heap
        if not heap:
            return None
        now = self.clock()
        if heap[0][0] <= now:
            self._run_timers_due(now)
            now = self.clock()
        while heap and heap[0][2].cancelled:
            heapq.heappop(heap)
        if not heap:
            return None
        wait = heap[0][0] - now
        return wait if wait > 0.0 else 0.0

    def _run_finished_jobs(self) -> int:
        """The `done` callbacks of finished jobs. Every result in the queue is a job still
        counted in `_jobs`, so with no job in flight the queue is empty."""
        ran = 0
        while self._jobs and not self._done.empty():
            done, result = self._done.get_nowait()
            self._jobs -= 1
            self._guard(done, result)
            ran += 1
        return ran

    def _run_timers_due(self, now: float) -> int:
        ran = 0
        heap = self._heap
        while heap and heap[0][0] <= now:
            _, _, timer = heapq.heappop(heap)
            if not timer.cancelled:
                timer.cancelled = True
                self._guard(timer.fn)
                ran += 1
        return ran

    def has_pending_jobs(self) -> bool:
        return not self._done.empty()

    @property
    def jobs_in_flight(self) -> int:
        """Jobs submitted whose `done` has not run: nothing wakes the loop when one finishes,
        so a loop with jobs in flight keeps its short poll."""
        return self._jobs

    @staticmethod
    def _guard(fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("voice: a callback failed")

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
        self.run_due()
