"""A writer killed mid-stream loses at most the events of its last batch window, says how many
when the next one starts, and a restart never duplicates an event or a count."""

from __future__ import annotations

import logging
import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from runtime.analytics.schema import analytics_tables
from runtime.analytics.spool import LAYOUT
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter
from tests.runtime.analytics.crash_child import BATCH_SIZE

CHILD = Path(__file__).with_name("crash_child.py")


def counts(engine: sa.Engine) -> tuple[int, int, int]:
    tables = analytics_tables(sa.MetaData())
    with engine.connect() as conn:
        events = conn.execute(sa.select(sa.func.count()).select_from(tables.events)).scalar_one()
        visits = conn.execute(sa.select(sa.func.count()).select_from(tables.events)
                              .where(tables.events.c.kind == "block_entered")).scalar_one()
        rolled = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(tables.block_hours.c.count), 0))
                              .where(tables.block_hours.c.metric == "visit")).scalar_one()
    return int(events), int(visits), int(rolled)


def test_kill_then_restart(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    database, spool = tmp_path / "analytics.db", tmp_path / "spool"
    engine = sa.create_engine(f"sqlite:///{database}")
    metadata = sa.MetaData()
    analytics_tables(metadata)
    metadata.create_all(engine)
    child = subprocess.Popen([sys.executable, str(CHILD), str(database), str(spool)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(0.8)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    _magic, pid, accepted, written, journaled, clean = LAYOUT.unpack(
        (spool / "writer-0.state").read_bytes()[:LAYOUT.size])
    assert pid == child.pid and clean == 0 and accepted > 2 * BATCH_SIZE
    before, _, _ = counts(engine)

    with caplog.at_level(logging.WARNING, logger="runtime.analytics"):
        writer = AnalyticsWriter(SqlAnalyticsStore(engine), spool_dir=spool, flush_interval_ms=50)
    try:
        recovery = writer.recovery
        assert recovery.previous_pid == child.pid and not recovery.clean
        assert recovery.lost == accepted - written - journaled
        assert recovery.lost <= 2 * BATCH_SIZE, "more than one batch window was lost"
        assert any(f"{recovery.lost} events were lost" in message for message in caplog.messages)
        assert writer.flush(10)
    finally:
        writer.stop()
    events, visits, rolled = counts(engine)
    assert events == accepted - recovery.lost
    assert events >= before
    assert rolled == visits, "a replayed batch was counted twice in the roll-ups"
    assert struct.unpack_from("<q", (spool / "writer-0.state").read_bytes(), 40)[0] == 1
