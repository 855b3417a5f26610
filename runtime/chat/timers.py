"""The background sweep that makes chat timers fire (no-input, queue time-outs), closes idle
sessions and purges transcripts past their retention.

Timers live in the session store, not in memory, so any node's loop may fire any session's
timer, and a node that restarts loses none; the store's version check makes sure a due timer
fires once even when several nodes sweep at the same moment.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from runtime.chat.host import ChatHost

log = logging.getLogger(__name__)
DEFAULT_INTERVAL_S = 0.25
IDLE_SWEEP_EVERY_S = 30.0
PURGE_EVERY_S = 3600.0


class TimerLoop:
    """Calls `host.fire_due_timers()` every `interval_s`; `expire_idle()` and the store's
    `purge_transcripts()` now and then."""

    def __init__(self, host: ChatHost, *, interval_s: float = DEFAULT_INTERVAL_S,
                 idle_sweep_every_s: float = IDLE_SWEEP_EVERY_S,
                 purge_every_s: float = PURGE_EVERY_S):
        self.host = host
        self.interval_s = interval_s
        self.idle_sweep_every_s = idle_sweep_every_s
        self.purge_every_s = purge_every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="chat-timers", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def tick(self) -> list[str]:
        """One sweep of due timers; the ids of sessions advanced."""
        health = self.host.store.health
        try:
            advanced = self.host.fire_due_timers()
        except Exception as exc:
            if not health.failed(exc):  # an outage is logged once, by the store's health
                log.exception("the chat timer sweep failed")
            return []
        health.succeeded()
        return advanced

    def _run(self) -> None:
        next_idle_sweep = next_purge = 0.0
        while not self._stop.is_set():
            self.tick()
            now = self.host.clock()
            if now >= next_idle_sweep:
                next_idle_sweep = now + self.idle_sweep_every_s
                self._guarded("idle session sweep", self.host.expire_idle, now)
            if now >= next_purge:
                next_purge = now + self.purge_every_s
                self._guarded("transcript purge", self._purge, now)
            self._stop.wait(self.interval_s)

    def _purge(self, now: float) -> int:
        return self.host.store.purge_transcripts(now=now)

    def _guarded(self, what: str, sweep: Callable[[float], object], now: float) -> None:
        try:
            sweep(now)
        except Exception as exc:
            if not self.host.store.health.failed(exc):
                log.exception("the %s failed", what)
