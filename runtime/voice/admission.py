"""Admission by CPU headroom: the pool refuses new calls before audio degrades.

Worker slots say how many calls the pool could hold, not how many the machine can carry: at
600 calls and 93 % CPU every call's audio suffers. The supervisor samples the machine's CPU
time (/proc/stat) at each check and keeps the busy share over the last `window_s` seconds;
when it reaches `limit_percent` the door closes (Kamailio answers new INVITEs 503 with
Retry-After) and it opens again below `limit_percent - HYSTERESIS_POINTS`, so the state does not
flap at the threshold. Running calls are never touched.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

HYSTERESIS_POINTS = 5.0
PROC_STAT = Path("/proc/stat")


def cpu_times(path: Path = PROC_STAT) -> tuple[float, float]:
    """(busy, total) CPU time of the whole machine since boot, in clock ticks."""
    fields = path.read_text().split("\n", 1)[0].split()[1:]
    values = [float(value) for value in fields[:8]]
    idle = values[3] + (values[4] if len(values) > 4 else 0.0)  # idle + iowait
    total = sum(values)
    return total - idle, total


class AdmissionGate:
    """Open or closed for new calls, from the CPU use over a sliding window."""

    def __init__(self, limit_percent: float, window_s: float = 3.0, *,
                 read: Callable[[], tuple[float, float]] = cpu_times,
                 clock: Callable[[], float] = time.monotonic):
        self.limit_percent = limit_percent
        self.window_s = max(window_s, 0.1)
        self.read = read
        self.clock = clock
        self.samples: deque[tuple[float, float, float]] = deque(maxlen=1000)
        self.closed = False
        self.busy_percent = 0.0

    def update(self) -> bool:
        """Take a sample and decide; True when the state changed."""
        now = self.clock()
        busy, total = self.read()
        self.samples.append((now, busy, total))
        while len(self.samples) > 2 and now - self.samples[1][0] >= self.window_s:
            self.samples.popleft()
        first = self.samples[0]
        if total > first[2]:
            self.busy_percent = 100.0 * (busy - first[1]) / (total - first[2])
        was = self.closed
        if self.limit_percent >= 100:
            self.closed = False
        elif self.busy_percent >= self.limit_percent:
            self.closed = True
        elif self.busy_percent < self.limit_percent - HYSTERESIS_POINTS:
            self.closed = False
        return self.closed != was
