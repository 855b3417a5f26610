"""Flood protection for the public chat endpoints: fixed-window counters per session and per
client address.

With Redis the counters live in Redis, so a visitor hitting several nodes meets one limit;
with SQLite (one machine) they live in the process. A refused request gets 429 with the number
of seconds to wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis

from designer_ui.chat.settings import Rate

CLEANUP_EVERY = 1000


class Counter(Protocol):
    def hit(self, key: str, rate: Rate) -> float:
        """Count one request; 0 when allowed, else the seconds until the window ends."""
        ...


class MemoryCounter:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}
        self._hits = 0

    def hit(self, key: str, rate: Rate) -> float:
        now = self.clock()
        with self._lock:
            self._hits += 1
            if self._hits % CLEANUP_EVERY == 0:
                self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
            ends, count = self._windows.get(key, (0.0, 0))
            if ends <= now:
                ends, count = now + rate.window_s, 0
            count += 1
            self._windows[key] = (ends, count)
        return 0.0 if count <= rate.count else max(ends - now, 0.001)


class RedisCounter:
    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.prefix = prefix

    def hit(self, key: str, rate: Rate) -> float:
        window = int(time.time() // rate.window_s)
        name = f"{self.prefix}rate:{key}:{window}"
        pipeline = self.client.pipeline(transaction=False)
        pipeline.incr(name)
        pipeline.expire(name, rate.window_s + 1)
        count = int(pipeline.execute()[0])
        if count <= rate.count:
            return 0.0
        return max((window + 1) * rate.window_s - time.time(), 0.001)


class RateLimits:
    """The chat's limits: messages per session, requests per client address."""

    def __init__(self, counter: Counter, *, per_session: Rate | None, per_address: Rate | None):
        self.counter = counter
        self.per_session = per_session
        self.per_address = per_address

    def check_address(self, address: str) -> float:
        if self.per_address is None:
            return 0.0
        return self.counter.hit(f"ip:{address}", self.per_address)

    def check_session(self, session_id: str) -> float:
        if self.per_session is None:
            return 0.0
        return self.counter.hit(f"s:{session_id}", self.per_session)
