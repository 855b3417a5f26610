"""Batched, asynchronous delivery of analytics events from a runtime to a store.

A host calls `record(events, context)` on the thread that serves the caller; it only appends
to a bounded in-memory queue and returns at once. One writer thread takes batches off the
queue (every `flush_interval_ms`, or sooner when `batch_size` events are waiting) and writes
them to the store. So:

- a caller never waits for analytics;
- memory stays bounded: when the queue is full, events are dropped, counted and a warning is
  logged (at most every 10 s) instead of the queue growing (`stats()["dropped"]`);
- `stop()` (also run at interpreter exit) writes everything still queued; a store that is down
  is retried until the stop deadline, and what remains goes into the spool for the next start;
- under gevent (`designer runtime`), the writer is a green thread but its database writes run
  in an OS thread (`runtime.blocking`): a commit, or SQLite waiting for another process's
  write lock, must not stall the worker's requests;
- with a spool folder, a process killed mid-stream loses only what was still in the queue (one
  batch window at most) and the next start logs how many, and replays the batch that was being
  written (see `runtime.analytics.spool`).

The writer also satisfies the voice worker's sink protocol (`publish(context, events)`,
`close()`), so it can be passed to any host as is.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext, as_context
from runtime.analytics.records import EventRecord, event_records
from runtime.analytics.spool import Recovery, Spool
from runtime.blocking import run_blocking

log = logging.getLogger("runtime.analytics")
WARN_EVERY_S = 10.0
RETRY_DELAYS_S = (0.2, 0.5, 1.0, 2.0, 5.0)
PERMANENT_ATTEMPTS = 3


class AnalyticsStore(Protocol):
    def write(self, records: Sequence[EventRecord]) -> int:
        """Store a batch (idempotently); returns how many events were new."""
        ...


class AnalyticsWriter:
    def __init__(self, store: AnalyticsStore, *, batch_size: int = 1000,
                 flush_interval_ms: int = 1000, queue_size: int = 100_000,
                 spool_dir: str | Path | None = None, spool_name: str = "writer",
                 stop_timeout_s: float = 10.0, transient: tuple[type[BaseException], ...] = ()):
        if batch_size < 1 or queue_size < batch_size:
            raise ValueError("analytics writer: need 1 <= batch_size <= queue_size")
        self.store = store
        self.batch_size = batch_size
        self.interval_s = flush_interval_ms / 1000
        self.queue_size = queue_size
        self.stop_timeout_s = stop_timeout_s
        self.transient = transient or _default_transient()
        self._queue: deque[tuple[AnalyticsContext, Sequence[AnalyticsEvent | Mapping[str, Any]]]] = deque()
        self._queued = 0
        self._cond = threading.Condition()
        self._stopping = False
        self._stop_deadline = float("inf")
        self._flush_wanted = False
        self._counts = {"accepted": 0, "written": 0, "new": 0, "duplicates": 0, "dropped": 0,
                        "failed": 0, "rejected": 0, "batches": 0, "retries": 0,
                        "processed": 0}
        self._last_error: str | None = None
        self._last_warning = 0.0
        self._dropped_since_warning = 0
        self.spool = Spool(spool_dir, spool_name) if spool_dir is not None else None
        self.recovery = self._open_spool()
        self._thread = threading.Thread(target=self._run, name="analytics-writer", daemon=True)
        self._thread.start()
        atexit.register(self.stop)

    # -- the host's side -----------------------------------------------------------------

    def record(self, events: Iterable[AnalyticsEvent | Mapping[str, Any]],
               context: AnalyticsContext | Mapping[str, Any]) -> int:
        """Queue one step's events; returns how many were accepted. Never blocks, never raises
        for a full queue."""
        batch = events if type(events) is list or isinstance(events, Sequence) else list(events)
        if not batch:
            return 0
        count = len(batch)
        try:
            ctx = as_context(context)
        except (ValueError, TypeError, AttributeError) as exc:
            with self._cond:
                self._counts["rejected"] += count
            log.warning("analytics: %d events refused, their context is wrong: %s", count, exc)
            return 0
        with self._cond:
            if self._stopping or self._queued + count > self.queue_size:
                self._drop(count)
                return 0
            self._queue.append((ctx, batch))
            self._queued += count
            self._counts["accepted"] += count
            if self.spool is not None:
                self.spool.accepted(count)
            if self._queued >= self.batch_size:
                self._cond.notify_all()
        return count

    def publish(self, context: Mapping[str, Any], events: Sequence[AnalyticsEvent]) -> None:
        """The voice worker's sink protocol."""
        self.record(events, context)

    def _drop(self, count: int) -> None:
        self._counts["dropped"] += count
        self._dropped_since_warning += count
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY_S:
            log.warning("analytics: the queue is full (%d events); dropped %d events (%d in "
                        "all) — the database is slow or down", self.queue_size,
                        self._dropped_since_warning, self._counts["dropped"])
            self._last_warning = now
            self._dropped_since_warning = 0

    # -- control -------------------------------------------------------------------------

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far has been written (True) or the timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            target = self._counts["accepted"]
            self._flush_wanted = True
            self._cond.notify_all()
            while self._counts["processed"] < target:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._thread.is_alive():
                    return False
                self._cond.wait(min(remaining, 0.05))
        return True

    def stop(self, timeout: float | None = None) -> None:
        """Write what is queued (retrying a failing store until the deadline), then stop."""
        with self._cond:
            if self._stopping:
                return
            self._stop_deadline = time.monotonic() + (self.stop_timeout_s if timeout is None
                                                      else timeout)
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(max(0.1, self._stop_deadline - time.monotonic() + 1.0))
        atexit.unregister(self.stop)
        self._close_spool()

    close = stop

    def stats(self) -> dict[str, Any]:
        with self._cond:
            return {**self._counts, "queued": self._queued, "queue_size": self.queue_size,
                    "batch_size": self.batch_size, "flush_interval_ms": int(self.interval_s * 1000),
                    "last_error": self._last_error, "running": self._thread.is_alive(),
                    "recovered": len(self.recovery.replay), "lost_before_start": self.recovery.lost}

    # -- the writer thread ---------------------------------------------------------------

    def _open_spool(self) -> Recovery:
        if self.spool is None:
            return Recovery()
        recovery = self.spool.open()
        if recovery.needed:
            log.warning("analytics: the previous writer (pid %s) did not finish cleanly: %d events "
                        "of its last batch will be written again, %d events were lost (still "
                        "queued when it ended)", recovery.previous_pid or "?",
                        len(recovery.replay), recovery.lost)
        if recovery.replay:
            self._counts["accepted"] += len(recovery.replay)
            self.spool.accepted(len(recovery.replay))
        return recovery

    def _run(self) -> None:
        try:
            if self.recovery.replay:
                self._write(list(self.recovery.replay))
            while True:
                batch = self._next_batch()
                if batch:
                    self._write(batch)
                elif self._stopping and self._drained():
                    break
        except Exception:  # the thread must never die silently with events queued
            log.exception("analytics: the writer thread failed")
        finally:
            with self._cond:
                self._cond.notify_all()

    def _drained(self) -> bool:
        with self._cond:
            return not self._queue

    def _next_batch(self) -> list[EventRecord]:
        with self._cond:
            deadline = time.monotonic() + self.interval_s
            while (not self._stopping and not self._flush_wanted
                   and self._queued < self.batch_size):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            taken: list[tuple[AnalyticsContext, Sequence[Any]]] = []
            count = 0
            while self._queue and count < self.batch_size:
                item = self._queue.popleft()
                taken.append(item)
                count += len(item[1])
            self._queued -= count
            if not self._queue:
                self._flush_wanted = False
        records: list[EventRecord] = []
        for context, events in taken:
            try:
                records.extend(event_records(events, context))
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                log.warning("analytics: %d malformed events skipped: %s", len(events), exc)
                self._done_without_write(len(events))
        return records

    def _write(self, batch: list[EventRecord]) -> None:
        if self.spool is not None:
            self.spool.journal(batch)
        attempt = 0
        while True:
            attempt += 1
            try:
                new = run_blocking(self.store.write, batch)
                self._done(batch, new=new)
                return
            except Exception as exc:
                self._last_error = f"{type(exc).__name__}: {exc}"
                transient = isinstance(exc, self.transient)
                if not transient and attempt >= PERMANENT_ATTEMPTS:
                    log.error("analytics: gave up a batch of %d events: %s", len(batch),
                              self._last_error)
                    self._done(batch, failed=True)
                    return
                if self._stopping and time.monotonic() >= self._stop_deadline:
                    self._keep_for_next_start(batch)
                    return
                log.warning("analytics: writing %d events failed (attempt %d), retrying: %s",
                            len(batch), attempt, self._last_error)
                with self._cond:
                    self._counts["retries"] += 1
                time.sleep(RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S)) - 1])

    def _done(self, batch: list[EventRecord], *, new: int = 0, failed: bool = False) -> None:
        if self.spool is not None:
            self.spool.committed(len(batch))
        with self._cond:
            self._counts["processed"] += len(batch)
            if failed:
                self._counts["failed"] += len(batch)
            else:
                self._counts["batches"] += 1
                self._counts["written"] += len(batch)
                self._counts["new"] += new
                self._counts["duplicates"] += len(batch) - new
            self._cond.notify_all()

    def _keep_for_next_start(self, batch: list[EventRecord]) -> None:
        """The store is still failing at the stop deadline: leave the batch in the journal."""
        with self._cond:
            rest: list[EventRecord] = []
            while self._queue:
                context, events = self._queue.popleft()
                try:
                    rest.extend(event_records(events, context))
                except (ValueError, TypeError, KeyError, AttributeError):
                    self._counts["rejected"] += len(events)
            self._queued = 0
        if self.spool is not None:
            self.spool.journal(batch + rest)
            log.error("analytics: the store is unavailable; %d events are kept in the spool "
                      "and will be written on the next start", len(batch) + len(rest))
        else:
            log.error("analytics: the store is unavailable; %d events were lost at stop",
                      len(batch) + len(rest))
        with self._cond:
            self._counts["processed"] += len(batch) + len(rest)
            self._counts["failed"] += len(batch) + len(rest)
            self._cond.notify_all()

    def _done_without_write(self, count: int) -> None:
        if self.spool is not None:
            self.spool.committed(count)
        with self._cond:
            self._counts["processed"] += count
            self._counts["rejected"] += count
            self._cond.notify_all()

    def _close_spool(self) -> None:
        if self._thread.is_alive():
            log.error("analytics: the writer did not finish within the stop timeout")
            return
        if self.spool is not None:
            self.spool.close(clean=self._queued == 0 and not self._journal_pending())
        atexit.unregister(self.stop)

    def _journal_pending(self) -> bool:
        return self.spool is not None and self.spool.counters()["journaled"] > 0


def _default_transient() -> tuple[type[BaseException], ...]:
    from runtime.analytics.sql_store import TransientStoreError

    return (TransientStoreError, ConnectionError, TimeoutError)
