"""Under gevent (the `designer runtime` workers), the analytics writer is a green thread; its
database writes must not stall the worker. Here its SQLite write has to wait for another
writer's lock (as it does when the two workers' writers meet on the Designer database): the
wait happens in an OS thread, the event loop keeps ticking, and the batch is written once the
lock is free. Before the fix the wait sat on the event loop for the whole busy timeout (10 s
on the Designer database), stalling every request of the worker."""

from __future__ import annotations

from pathlib import Path

from tests.runtime.gevent_probe import probe


def test_a_write_waiting_for_sqlites_lock_does_not_stall_the_event_loop(tmp_path: Path) -> None:
    report = probe(setup=f"""
        import sqlite3
        import sqlalchemy as sa
        from runtime.analytics.schema import analytics_tables
        from runtime.analytics.sql_store import SqlAnalyticsStore
        from runtime.analytics.writer import AnalyticsWriter
        from tests.runtime.analytics.test_writer import steps

        path = {str(tmp_path / "analytics.db")!r}
        engine = sa.create_engine("sqlite:///" + path, connect_args={{"timeout": 5}})
        metadata = sa.MetaData()
        tables = analytics_tables(metadata)
        metadata.create_all(engine)
        writer = AnalyticsWriter(SqlAnalyticsStore(engine, tables), flush_interval_ms=10)
    """, snippet="""
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        script = steps("s-1", events=20)
        writer.record(script.events, script.context)
        gevent.sleep(0.8)  # the writer is waiting for the lock by now
        holder.execute("COMMIT")
        report["flushed"] = writer.flush(timeout=10)
        writer.stop()
        with engine.connect() as conn:
            report["events"] = conn.execute(
                sa.select(sa.func.count()).select_from(tables.events)).scalar()
        report["stats"] = {k: writer.stats()[k] for k in ("written", "failed", "retries")}
    """)
    assert report["flushed"] is True, report
    assert report["events"] == 20, report
    assert report["stats"]["failed"] == 0, report
    assert report["max_gap_s"] < 0.3, report
