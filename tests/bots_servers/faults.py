"""Failures and slowness the local bot servers can be told to show, request by request."""

from __future__ import annotations

import threading
from collections import deque

from tests.bots_servers.script import Fault


class Faults:
    """Queued faults are used one per request, in order; `delay_s` slows every answer."""

    def __init__(self) -> None:
        self._queue: deque[Fault] = deque()
        self._lock = threading.Lock()
        self.delay_s = 0.0
        self.stopping = threading.Event()

    def add(self, *faults: Fault) -> None:
        with self._lock:
            self._queue.extend(faults)

    def clear(self) -> None:
        """Forget queued faults and the delay (between tests sharing a server)."""
        with self._lock:
            self._queue.clear()
        self.delay_s = 0.0

    def take(self) -> Fault:
        """The fault for this request (a plain delay when none is queued)."""
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return Fault(delay_s=self.delay_s)

    def wait(self, seconds: float) -> None:
        """Hold an answer back, but let a stopping server finish at once."""
        if seconds > 0:
            self.stopping.wait(seconds)
