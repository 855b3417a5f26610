"""Designer Analytics on PostgreSQL: ingest rate, and dashboard / overlay query time over 10
million synthetic events.

Works in a schema of its own in database `test` on 127.0.0.1:5432 (dropped at the end), so it
can run beside the test suites.

1. **Ingest.** Synthetic sessions (21 events each, like a short IVR call) go through the real
   store (`COPY` into a temporary table, insert-or-ignore, session records and roll-ups in one
   transaction per batch), first batch by batch, then through `AnalyticsWriter` as a host would
   hand them over, one engine step at a time. Prints events/s (target ≥ 20,000), the CPU this
   process spent per event (the database server's is not counted) and what a host's `record()`
   call costs. The same on SQLite, the Designer's default database (a file in WAL mode, as the
   Designer opens it), through the writer with its crash spool, as a chat server runs it.
2. **10 million events.** Generating 10M raw rows would take minutes, and the dashboard never
   reads them: its queries read the roll-ups. So the roll-ups of 30 days of traffic totalling
   ~10M events (~320,000 sessions over 24 dimension rows and 3 flows of 25 blocks) are generated
   in SQL with `generate_series`, plus 500,000 session records for paths and funnels; the
   ingest step's events stay as the raw sample.
3. **Queries** through the API's own query functions: the dashboard summary and series, the
   canvas overlay, paths, funnel and milestones, each over 30 days and over 24 hours (median
   and worst of 5 runs after a warm-up; target < 500 ms for the dashboard and the overlay).

Run: `python bench/bench_analytics.py [--quick]` (about 40-90 s; `--quick` a tenth of the
data). Bounded: every statement has a time-out and the whole run a deadline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
import sqlalchemy as sa

from bench.postgres_access import postgres_user
from designer_ui.analytics import dashboard, journeys, overlay
from designer_ui.analytics.filters import Filters
from designer_ui.analytics.tables import TABLES
from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.records import EventRecord, event_records
from runtime.analytics.sql_store import SqlAnalyticsStore, dimension_id
from runtime.analytics.writer import AnalyticsWriter

DEADLINE_S = 600
STATEMENT_TIMEOUT_MS = 120_000
QUERY_TARGET_MS = 500
INGEST_TARGET = 20_000
DAYS = 30
FLOWS = ("bank-ivr", "order-status-chat", "store-hotline")
BLOCKS = 25
WIDTH = 78


@contextmanager
def bench_schema() -> Iterator[sa.Engine]:
    user = postgres_user()
    schema = f"bench_analytics_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    options = f"-c search_path={schema} -c statement_timeout={STATEMENT_TIMEOUT_MS}"
    engine = sa.create_engine(f"postgresql+psycopg://{user}@127.0.0.1:5432/test",
                              connect_args={"options": options}, pool_size=4)
    try:
        TABLES.sessions.metadata.create_all(engine, tables=list(TABLES.__dict__.values()))
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# -- 1. ingest ------------------------------------------------------------------------------


def session_steps(number: int, start: float) -> tuple[AnalyticsContext, list[list[AnalyticsEvent]]]:
    """A short call as the engine reports it: one list of events per engine step."""
    context = AnalyticsContext(session_id=f"bench-{number}", flow_id=FLOWS[number % 3],
                               flow_version=str(1 + number % 2), channel="voice",
                               environment="live", entry_point="+18005550100")
    seq = 0

    def event(kind: str, block: str | None, ts: float, **data: Any) -> AnalyticsEvent:
        nonlocal seq
        seq += 1
        return AnalyticsEvent(seq, kind, block, ts, data or None)

    first = [event("session_start", None, start, flow=context.flow_id, version="1"),
             event("phase", None, start, phase="self_service")]
    for index in range(4):
        first += [event("block_entered", f"b{index}", start),
                  event("port_taken", f"b{index}", start, port="next")]
    later = start + 8
    second = [event("input_outcome", "b3", later, outcome="match", attempt=1)]
    for index in range(4, 8):
        second += [event("block_entered", f"b{index}", later),
                   event("port_taken", f"b{index}", later, port=str(index % 2))]
    second += [event("milestone", "b7", later, name="served"),
               event("session_end", None, later, reason="completed")]
    return context, [first, second]


def make_sessions(count: int, offset: int = 0) -> list[tuple[AnalyticsContext, list[list[AnalyticsEvent]]]]:
    now = time.time()
    return [session_steps(offset + number, now - (number % 3600)) for number in range(count)]


def ingest_store(engine: sa.Engine, sessions: int) -> dict[str, float]:
    store = SqlAnalyticsStore(engine, TABLES)
    records: list[EventRecord] = []
    for context, steps in make_sessions(sessions):
        for step in steps:
            records.extend(event_records(step, context))
    batch = 2000
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(records), batch):
        store.write(records[start:start + batch])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    again = time.perf_counter()
    store.write(records[:batch])
    replay_ms = (time.perf_counter() - again) * 1000
    return {"events": len(records), "seconds": elapsed, "rate": len(records) / elapsed,
            "cpu_us": cpu / len(records) * 1e6, "replay_batch_ms": replay_ms}


def ingest_writer(engine: sa.Engine, sessions: int, *, batch_size: int = 2000,
                  spool_dir: str | None = None, offset: int = 10_000_000) -> dict[str, float]:
    writer = AnalyticsWriter(SqlAnalyticsStore(engine, TABLES), batch_size=batch_size,
                             flush_interval_ms=200, queue_size=500_000, spool_dir=spool_dir)
    work = make_sessions(sessions, offset=offset)
    calls: list[float] = []
    events = 0
    started, cpu = time.perf_counter(), time.process_time()
    for context, steps in work:
        for step in steps:
            before = time.perf_counter()
            writer.record(step, context)
            calls.append(time.perf_counter() - before)
            events += len(step)
    handed_over = time.perf_counter() - started
    writer.flush(120)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stats = writer.stats()
    writer.stop()
    calls.sort()
    return {"events": stats["written"], "seconds": elapsed, "rate": stats["written"] / elapsed,
            "cpu_us": cpu / max(1, stats["written"]) * 1e6,
            "handed_over_s": handed_over, "dropped": stats["dropped"],
            "record_p50_us": calls[len(calls) // 2] * 1e6,
            "record_p99_us": calls[int(len(calls) * 0.99)] * 1e6}


def ingest_sqlite(sessions: int) -> tuple[dict[str, float], dict[str, float], tuple[int, int]]:
    """The store and the writer (with its spool) on a SQLite file opened like the Designer's."""
    with tempfile.TemporaryDirectory(prefix="bench-analytics-") as folder:
        engine = sa.create_engine(f"sqlite:///{folder}/designer.sqlite3")
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        try:
            TABLES.sessions.metadata.create_all(engine, tables=list(TABLES.__dict__.values()))
            store = ingest_store(engine, sessions)
            writer = ingest_writer(engine, sessions, batch_size=1000,
                                   spool_dir=f"{folder}/spool")
            consistency = check_consistency(engine)
        finally:
            engine.dispose()
    return store, writer, consistency


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in ("busy_timeout=10000", "journal_mode=WAL", "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def check_consistency(engine: sa.Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        visits = conn.execute(sa.text(
            "SELECT count(*) FROM analytics_events WHERE kind = 'block_entered'")).scalar_one()
        rolled = conn.execute(sa.text(
            "SELECT coalesce(sum(count), 0) FROM analytics_block_hours WHERE metric = 'visit'")
        ).scalar_one()
    return int(visits), int(rolled)


# -- 2. ten million events of roll-ups -------------------------------------------------------

DIMENSIONS = [(flow, version, channel, env) for flow in FLOWS for version in ("1", "2")
              for channel in ("voice", "chat") for env in ("live", "test")]


def generate(engine: sa.Engine, scale: float) -> dict[str, Any]:
    """Roll-ups and session records of 30 days of traffic, in SQL."""
    end_minute = int(time.time() // 60)
    first_minute = end_minute - DAYS * 1440
    dims = [(dimension_id(("live", flow, version, env, channel, "")), flow, version, channel, env)
            for flow, version, channel, env in DIMENSIONS]
    density = 0.2 * scale
    with engine.begin() as conn:
        conn.execute(TABLES.dimensions.insert(), [
            {"id": dim_id, "origin": "live", "flow_id": flow, "flow_version": version,
             "environment": env, "channel": channel, "entry_point": ""}
            for dim_id, flow, version, channel, env in dims])
        conn.execute(sa.text("CREATE TEMP TABLE bench_dims (id bigint, flow text, version text)"))
        conn.execute(sa.text("INSERT INTO bench_dims VALUES (:id, :flow, :version)"),
                     [{"id": d[0], "flow": d[1], "version": d[2]} for d in dims])
        # Sessions per minute and dimension: 1 row in 5 has traffic, 1.5 sessions on average.
        conn.execute(sa.text("""
            INSERT INTO analytics_session_minutes (minute, dim_id, started, ended, contained,
                routed, abandoned, unrouted, errored, error_events, duration_sum)
            SELECT m, d.id, s, s, s * 6 / 10, s * 2 / 10, s - s * 6 / 10 - s * 2 / 10, 0, 0, 0,
                   s * 95.0
            FROM generate_series(:first, :last) AS m CROSS JOIN bench_dims d
            CROSS JOIN LATERAL (SELECT 1 + (random() + m * 0 + 0.03)::int AS s) AS n
            WHERE random() < :density"""), {"first": first_minute, "last": end_minute - 1,
                                              "density": density})
        conn.execute(sa.text("""
            INSERT INTO analytics_duration_hours (hour, dim_id, bucket, sessions)
            SELECT minute / 60, dim_id, 30 + (random() * 20)::int AS bucket, sum(started)
            FROM analytics_session_minutes WHERE dim_id IN (SELECT id FROM bench_dims)
            GROUP BY 1, 2, 3"""))
        per_hour = """SELECT minute / 60 AS hour, dim_id, sum(started) AS s
                      FROM analytics_session_minutes WHERE dim_id IN (SELECT id FROM bench_dims)
                      GROUP BY 1, 2"""
        # Per block: visits (fewer the deeper the block), two ports, input outcomes, time spent:
        # about 31 events a session with the session's start, phase and end.
        conn.execute(sa.text(f"""
            INSERT INTO analytics_block_hours (flow_id, hour, dim_id, flow_version, block,
                metric, key, count, total)
            SELECT * FROM (
                SELECT d.flow, h.hour, h.dim_id, d.version, 'b' || b, m.metric, m.key,
                       round(h.s * (1.0 - b / 25.0) * m.share)::bigint AS count,
                       CASE WHEN m.metric = 'time' THEN h.s * 3.5 ELSE 0 END
                FROM ({per_hour}) AS h JOIN bench_dims d ON d.id = h.dim_id
                CROSS JOIN generate_series(0, :blocks - 1) AS b
                CROSS JOIN (VALUES ('visit', '', 1.0), ('port', 'next', 0.7),
                                   ('port', 'other', 0.3), ('time', '', 1.0),
                                   ('input', 'match', 0.12), ('input', 'nomatch', 0.03))
                           AS m(metric, key, share)) AS rows
            WHERE count > 0"""), {"blocks": BLOCKS})
        conn.execute(sa.text(f"""
            INSERT INTO analytics_block_hours (flow_id, hour, dim_id, flow_version, block,
                metric, key, count, total)
            SELECT d.flow, h.hour, h.dim_id, d.version, '', m.metric, m.key,
                   round(h.s * m.share)::bigint, 0
            FROM ({per_hour}) AS h JOIN bench_dims d ON d.id = h.dim_id
            CROSS JOIN (VALUES ('started', '', 1.0), ('outcome', 'contained', 0.6),
                               ('outcome', 'routed', 0.2), ('reached', 'served', 0.5)) AS
                       m(metric, key, share)"""))
        # The coarse grain of each roll-up, as the writer keeps it beside the fine one.
        counters = "started, ended, contained, routed, abandoned, unrouted, errored, error_events"
        conn.execute(sa.text(f"""
            INSERT INTO analytics_session_hours (hour, dim_id, {counters}, duration_sum)
            SELECT minute / 60, dim_id, {", ".join(f"sum({c})" for c in counters.split(", "))},
                   sum(duration_sum)
            FROM analytics_session_minutes WHERE dim_id IN (SELECT id FROM bench_dims)
            GROUP BY 1, 2"""))
        conn.execute(sa.text("""
            INSERT INTO analytics_duration_days (day, dim_id, bucket, sessions)
            SELECT hour / 24, dim_id, bucket, sum(sessions) FROM analytics_duration_hours
            WHERE dim_id IN (SELECT id FROM bench_dims) GROUP BY 1, 2, 3"""))
        conn.execute(sa.text("""
            INSERT INTO analytics_block_days (flow_id, day, dim_id, flow_version, block, metric,
                key, count, total)
            SELECT flow_id, hour / 24, dim_id, flow_version, block, metric, key, sum(count),
                   sum(total)
            FROM analytics_block_hours WHERE dim_id IN (SELECT id FROM bench_dims)
            GROUP BY 1, 2, 3, 4, 5, 6, 7"""))
        # Session records (paths and funnels read them): one per session started.
        conn.execute(sa.text("""
            INSERT INTO analytics_sessions (session_id, dim_id, started_at, ended_at, duration_s,
                end_reason, outcome, reached_assisted, last_block, event_count, error_count,
                path, milestones, updated_at)
            SELECT 'gen-' || sm.minute || '-' || sm.dim_id || '-' || n,
                   sm.dim_id, sm.minute * 60 + n, sm.minute * 60 + n + 95, 95, 'completed',
                   CASE WHEN n % 5 < 3 THEN 'contained' WHEN n % 5 = 3 THEN 'routed'
                        ELSE 'abandoned' END,
                   n % 5 = 3, 'b7', 20, 0,
                   'b0>b1>b2>b3>b' || (4 + (sm.minute + n) % 6) || '>b7',
                   CASE WHEN n % 2 = 0 THEN '|menu||served|' ELSE '|menu|' END,
                   sm.minute * 60
            FROM analytics_session_minutes sm CROSS JOIN LATERAL generate_series(1, sm.started) n
            WHERE sm.dim_id IN (SELECT id FROM bench_dims)"""))
        conn.execute(sa.text("DROP TABLE bench_dims"))
    with engine.connect() as conn:
        for table in TABLES.__dict__.values():
            conn.execute(sa.text(f"ANALYZE {table.name}"))
        sessions = conn.execute(sa.text("SELECT sum(started) FROM analytics_session_minutes")
                                ).scalar_one()
        events = conn.execute(sa.text("""
            SELECT sum(count) FROM analytics_block_hours
            WHERE metric IN ('visit', 'port', 'input', 'milestone')""")).scalar_one()
        rows = {table.name: conn.execute(sa.text(f"SELECT count(*) FROM {table.name}")).scalar_one()
                for table in TABLES.__dict__.values()}
    return {"sessions": int(sessions), "events": int(events) + 3 * int(sessions), "rows": rows}


# -- 3. queries ----------------------------------------------------------------------------


def timed(engine: sa.Engine, call: Callable[[sa.Connection], Any], runs: int = 5) -> dict[str, float]:
    with engine.connect() as conn:
        call(conn)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call(conn)
            samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(samples), "max_ms": max(samples)}


def queries(engine: sa.Engine) -> dict[str, dict[str, float]]:
    now = time.time()
    month = Filters(start=now - DAYS * 86400, end=now)
    day = Filters(start=now - 86400, end=now)
    week_flow = Filters(start=now - 7 * 86400, end=now, flow=FLOWS[0])
    month_flow = Filters(start=now - DAYS * 86400, end=now, flow=FLOWS[0])
    return {
        "dashboard summary, 30 days": timed(engine, lambda c: dashboard.summary(c, month)),
        "dashboard summary, 24 hours": timed(engine, lambda c: dashboard.summary(c, day)),
        "dashboard series, 30 days (daily)": timed(engine, lambda c: dashboard.series(c, month, None)),
        "dashboard series, 24 hours (15 min)": timed(engine, lambda c: dashboard.series(c, day, None)),
        "overlay, one flow, 30 days": timed(engine, lambda c: overlay.block_overlay(c, month_flow, FLOWS[0])),
        "overlay, one flow, 7 days": timed(engine, lambda c: overlay.block_overlay(c, week_flow, FLOWS[0])),
        "milestones, one flow, 30 days": timed(
            engine, lambda c: journeys.milestone_report(c, month_flow, FLOWS[0])),
        "paths, one flow, 7 days": timed(engine, lambda c: journeys.top_paths(c, week_flow, 10), 3),
        "funnel, one flow, 7 days": timed(
            engine, lambda c: journeys.funnel(c, week_flow, ["menu", "served"]), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data")
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    deadline = time.monotonic() + DEADLINE_S
    lite_store, lite_writer, (lite_visits, lite_rolled) = ingest_sqlite(int(10_000 * scale) or 500)
    with bench_schema() as engine:
        store = ingest_store(engine, int(10_000 * scale) or 500)
        writer = ingest_writer(engine, int(10_000 * scale) or 500)
        visits, rolled = check_consistency(engine)
        if time.monotonic() > deadline:
            raise SystemExit("deadline passed during ingest")
        started = time.perf_counter()
        generated = generate(engine, scale)
        generation_s = time.perf_counter() - started
        if time.monotonic() > deadline:
            raise SystemExit("deadline passed during generation")
        timings = queries(engine)
    print("=" * WIDTH)
    print("Designer Analytics on PostgreSQL")
    print("-" * WIDTH)
    print(f"ingest, store batches of 2,000: {store['events']:,} events in {store['seconds']:.2f} s "
          f"= {store['rate']:,.0f} events/s (target ≥ {INGEST_TARGET:,}); "
          f"{store['cpu_us']:.1f} µs CPU/event here")
    print(f"  the same batch again (all duplicates): {store['replay_batch_ms']:.0f} ms")
    print(f"ingest, through AnalyticsWriter: {writer['events']:,} events in {writer['seconds']:.2f} s "
          f"= {writer['rate']:,.0f} events/s; {writer['cpu_us']:.1f} µs CPU/event here; "
          f"dropped {writer['dropped']}")
    print(f"  record() per engine step: p50 {writer['record_p50_us']:.1f} µs, "
          f"p99 {writer['record_p99_us']:.1f} µs; handed over in {writer['handed_over_s']:.2f} s")
    print(f"  roll-up check: {rolled:,} visits counted for {visits:,} block_entered events "
          f"({'consistent' if rolled == visits else 'MISMATCH'})")
    print(f"SQLite (WAL), store batches of 2,000: {lite_store['rate']:,.0f} events/s, "
          f"{lite_store['cpu_us']:.1f} µs CPU/event")
    print(f"  through AnalyticsWriter with its spool (batches of 1,000): "
          f"{lite_writer['rate']:,.0f} events/s, {lite_writer['cpu_us']:.1f} µs CPU/event; "
          f"dropped {lite_writer['dropped']}; roll-up check "
          f"{'consistent' if lite_rolled == lite_visits else 'MISMATCH'}")
    print(f"generated in {generation_s:.1f} s: the roll-ups of {generated['events']:,} events "
          f"({generated['sessions']:,} sessions, {DAYS} days)")
    for name, count in generated["rows"].items():
        print(f"  {name}: {count:,} rows")
    print("-" * WIDTH)
    for name, figures in timings.items():
        target = name.startswith(("dashboard", "overlay"))
        verdict = ""
        if target:
            verdict = "ok" if figures["max_ms"] < QUERY_TARGET_MS else "OVER TARGET"
        print(f"{name:<38} median {figures['median_ms']:7.1f} ms  max {figures['max_ms']:7.1f} ms  "
              f"{verdict}")
    print("=" * WIDTH)


if __name__ == "__main__":
    main()
