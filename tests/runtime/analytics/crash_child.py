"""A runtime that reports analytics until it is killed (run by test_crash_recovery.py).

Usage: python crash_child.py DB SPOOL — writes sessions to the SQLite file DB through a writer
with the spool SPOOL, as fast as a busy runtime would, and prints `ready` once data flows.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

import sqlalchemy as sa

from runtime.analytics.schema import analytics_tables
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter
from tests.runtime.analytics.helpers import SessionScript

BATCH_SIZE = 200
FLUSH_INTERVAL_MS = 100


class SlowStore(SqlAnalyticsStore):
    """A database that takes a while, so a kill often lands in the middle of a write."""

    def write(self, records):  # type: ignore[no-untyped-def]
        time.sleep(0.03)
        return super().write(records)


def main() -> None:
    database, spool = sys.argv[1], sys.argv[2]
    engine = sa.create_engine(f"sqlite:///{database}")
    store = SlowStore(engine, analytics_tables(sa.MetaData()))
    writer = AnalyticsWriter(store, batch_size=BATCH_SIZE, flush_interval_ms=FLUSH_INTERVAL_MS,
                             spool_dir=spool)
    number = 0
    announced = False
    while True:
        number += 1
        script = SessionScript(f"s{number}", time.time()).add("session_start")
        for block in range(8):
            script.visit(f"b{block}", "next")
        script.add("session_end", reason="completed")
        writer.record(script.events, script.context)
        if not announced and writer.stats()["written"] > 0:
            print("ready", flush=True)
            announced = True
        time.sleep(0.015)


if __name__ == "__main__":
    main()
