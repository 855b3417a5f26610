"""Keeps a benched voice pool supervised, and notes every process of it that exited.

The benches start the supervisor in their own process (bench_voice.voice_pool); this thread
does what `Supervisor.run_forever` does — `check()` every half second, which restarts dead
children, settles a dead worker's calls and runs the CPU admission gate — and before each
check notes any worker or Kamailio whose process has ended: its pid, exit status and time.
Exits the bench caused itself (`expect_exit`) are kept apart from crashes.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass

from runtime.voice import Supervisor

CHECK_INTERVAL_S = 0.5


@dataclass(frozen=True)
class ChildExit:
    name: str
    pid: int
    returncode: int | None
    at: float
    """time.time() when the watch saw it."""

    def describe(self) -> str:
        code = self.returncode
        how = f"signal {-code}" if code is not None and code < 0 else f"status {code}"
        return f"{self.name} (pid {self.pid}) exited with {how}"


class PoolWatch:
    def __init__(self, pool: Supervisor, interval_s: float = CHECK_INTERVAL_S):
        self.pool = pool
        self.interval_s = interval_s
        self.exits: list[ChildExit] = []
        self.expected: set[int] = set()
        self.check_errors: list[str] = []
        self.admission_closed_checks = 0
        self._seen: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pool-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def expect_exit(self, pid: int) -> None:
        """The bench is about to kill this process: its exit is no crash."""
        with self._lock:
            self.expected.add(pid)

    def unexpected_exits(self) -> list[ChildExit]:
        with self._lock:
            return [exit for exit in self.exits if exit.pid not in self.expected]

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.note_exits()
            try:
                self.pool.check()
            except Exception:  # the supervisor's own failure is a finding, not the end
                self.check_errors.append(traceback.format_exc(limit=3)[-600:])
            if self.pool.admission.closed:
                self.admission_closed_checks += 1

    def note_exits(self) -> None:
        children = [*self.pool.workers, *([self.pool.kamailio] if self.pool.kamailio else [])]
        for child in children:
            process = child.process
            if process is None or process.pid in self._seen:
                continue
            code = process.poll()
            if code is not None:
                with self._lock:
                    self._seen.add(process.pid)
                    self.exits.append(ChildExit(child.name, process.pid, code, time.time()))

    def worker_tracebacks(self) -> int:
        """Python tracebacks in the workers' logs (read before the pool's folder goes)."""
        count = 0
        for child in self.pool.workers:
            if child.log_path.exists():
                count += child.log_path.read_text(errors="replace").count("Traceback")
        return count
