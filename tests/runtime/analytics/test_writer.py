"""The batching writer: never blocks the host, batches by size and time, flushes on stop,
reports back-pressure instead of growing, and retries a store that is down."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from runtime.analytics.records import EventRecord
from runtime.analytics.sql_store import TransientStoreError
from runtime.analytics.writer import AnalyticsWriter
from tests.runtime.analytics.helpers import SessionScript


class FakeStore:
    def __init__(self) -> None:
        self.batches: list[list[EventRecord]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.failures: list[BaseException] = []
        self.ids: set[str] = set()

    def write(self, records: Sequence[EventRecord]) -> int:
        self.gate.wait(10)
        if self.failures:
            raise self.failures.pop(0)
        self.batches.append(list(records))
        new = {record.event_id for record in records} - self.ids
        self.ids |= new
        return len(new)

    @property
    def count(self) -> int:
        return sum(len(batch) for batch in self.batches)


def steps(session_id: str, events: int = 10) -> SessionScript:
    script = SessionScript(session_id, 1000.0).add("session_start")
    for index in range(events - 1):
        script.add("block_entered", f"b{index}")
    return script


def test_batches_by_size_and_by_time() -> None:
    store = FakeStore()
    writer = AnalyticsWriter(store, batch_size=20, flush_interval_ms=200, queue_size=1000)
    try:
        script = steps("s1", 50)
        assert writer.record(script.events, script.context) == 50
        time.sleep(0.05)
        assert store.count >= 40  # two full batches did not wait for the timer
        deadline = time.monotonic() + 3
        while store.count < 50 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert store.count == 50
        assert max(len(batch) for batch in store.batches) <= 20 + 50  # one step is never split
    finally:
        writer.stop()


def test_record_never_waits_for_the_store() -> None:
    store = FakeStore()
    store.gate.clear()
    writer = AnalyticsWriter(store, batch_size=5, flush_interval_ms=10, queue_size=100)
    try:
        started = time.perf_counter()
        for index in range(8):
            script = steps(f"s{index}", 10)
            writer.record(script.events, script.context)
        assert time.perf_counter() - started < 0.05
        stats = writer.stats()
        assert stats["accepted"] + stats["dropped"] == 80
    finally:
        store.gate.set()
        writer.stop()


def test_a_full_queue_drops_counts_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    store = FakeStore()
    store.gate.clear()
    writer = AnalyticsWriter(store, batch_size=10, flush_interval_ms=10, queue_size=30)
    try:
        with caplog.at_level(logging.WARNING, logger="runtime.analytics"):
            for index in range(10):
                script = steps(f"s{index}", 10)
                writer.record(script.events, script.context)
        stats = writer.stats()
        assert stats["dropped"] >= 50 and stats["queued"] <= 30
        assert any("queue is full" in message for message in caplog.messages)
    finally:
        store.gate.set()
        writer.stop()
    assert writer.stats()["written"] == writer.stats()["accepted"]


def test_stop_writes_everything_and_a_failing_store_is_retried() -> None:
    store = FakeStore()
    store.failures = [TransientStoreError("database is locked"), TransientStoreError("again")]
    writer = AnalyticsWriter(store, batch_size=100, flush_interval_ms=5000)
    script = steps("s1", 30)
    writer.record(script.events, script.context)
    writer.stop()
    assert store.count == 30
    assert writer.stats()["retries"] == 2 and writer.stats()["written"] == 30


def test_flush_waits_for_the_write() -> None:
    store = FakeStore()
    writer = AnalyticsWriter(store, batch_size=1000, flush_interval_ms=60_000)
    try:
        script = steps("s1", 7)
        writer.record(script.events, script.context)
        assert writer.flush(5)
        assert store.count == 7
    finally:
        writer.stop()


def test_a_broken_batch_is_given_up_after_a_few_attempts(caplog: pytest.LogCaptureFixture) -> None:
    store = FakeStore()
    store.failures = [ValueError("bad row")] * 3
    writer = AnalyticsWriter(store, batch_size=10, flush_interval_ms=10)
    try:
        script = steps("s1", 5)
        writer.record(script.events, script.context)
        assert writer.flush(10)
        assert writer.stats()["failed"] == 5 and store.count == 0
        later = steps("s2", 5)
        writer.record(later.events, later.context)
        assert writer.flush(5) and store.count == 5
    finally:
        writer.stop()


def test_a_store_still_down_at_stop_leaves_the_events_in_the_spool(tmp_path: Path) -> None:
    store = FakeStore()
    store.failures = [TransientStoreError("down")] * 100
    writer = AnalyticsWriter(store, batch_size=10, flush_interval_ms=10, spool_dir=tmp_path,
                             stop_timeout_s=0.5)
    script = steps("s1", 12)
    writer.record(script.events, script.context)
    writer.stop()
    assert store.count == 0
    healthy = FakeStore()
    again = AnalyticsWriter(healthy, spool_dir=tmp_path)
    try:
        assert len(again.recovery.replay) == 12 and again.recovery.lost == 0
        assert again.flush(5) and healthy.count == 12
    finally:
        again.stop()


def test_voice_sink_protocol_and_wrong_contexts() -> None:
    store = FakeStore()
    writer = AnalyticsWriter(store, flush_interval_ms=10)
    try:
        script = steps("call-1", 3)
        writer.publish({"session_id": "call-1", "call_id": "x", "flow": "f", "version": "2",
                        "channel": "voice"}, script.events)
        assert writer.record(script.events, {"flow": "f"}) == 0
        assert writer.flush(5)
        assert store.count == 3 and writer.stats()["rejected"] == 3
        assert store.batches[0][0].context.flow_version == "2"
    finally:
        writer.stop()
