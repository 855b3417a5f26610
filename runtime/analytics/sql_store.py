"""Writes batches of analytics events into the Designer database (SQLite or PostgreSQL).

One batch is one transaction: the new events, the session records they touch, and the roll-up
increments, or nothing at all. Events already stored are ignored (`session_id:seq` is the
key), and only new ones feed the roll-ups, so a batch written twice (a retry, a replay of the
spool after a crash) counts once.

Connection trouble (database down, locked, a deadlock) raises `TransientStoreError`, which the
writer retries; anything else is a real error.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from runtime.analytics.context import AnalyticsContext
from runtime.analytics.event_insert import insert_new_events
from runtime.analytics.records import EventRecord
from runtime.analytics.rollups import RollupDeltas
from runtime.analytics.schema import SESSION_COUNTERS, AnalyticsTables, analytics_tables
from runtime.analytics.sql_dialect import chunks, dialect_insert, insert_ignore, least, upsert_adding
from runtime.analytics.summary import SessionSummary, StoredEvent, summarize

ADDED_TO_SESSIONS = (*SESSION_COUNTERS, "duration_sum")


class TransientStoreError(Exception):
    """The database could not be reached or was busy; the same batch may be tried again."""


def dimension_id(dimensions: Iterable[str]) -> int:
    """A stable 62-bit id for a tuple of dimension values, the same in every process."""
    digest = hashlib.blake2b("\x1f".join(dimensions).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & ((1 << 62) - 1)


class SqlAnalyticsStore:
    def __init__(self, engine: sa.Engine, tables: AnalyticsTables | None = None):
        self.engine = engine
        self.tables = tables or analytics_tables(sa.MetaData())

    @classmethod
    def from_url(cls, url: str, **engine_options: Any) -> SqlAnalyticsStore:
        """For hosts outside the Designer (voice workers): the Designer's DATABASE_URL."""
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                url = "postgresql+psycopg://" + url[len(prefix):]
        return cls(sa.create_engine(url, pool_pre_ping=True, **engine_options))

    def close(self) -> None:
        self.engine.dispose()

    def write(self, records: Sequence[EventRecord]) -> int:
        """Store a batch; returns how many of its events were new."""
        if not records:
            return 0
        try:
            with self.engine.begin() as conn:
                return self._write(conn, _unique(records))
        except (sa.exc.OperationalError, sa.exc.InterfaceError,
                sa.exc.DisconnectionError, sa.exc.TimeoutError) as exc:
            raise TransientStoreError(str(exc).splitlines()[0]) from exc

    # -- one transaction -----------------------------------------------------------------

    def _write(self, conn: sa.Connection, records: Sequence[EventRecord]) -> int:
        contexts = {record.context for record in records}
        dims = {context: dimension_id(context.dimensions) for context in contexts}
        self._store_dimensions(conn, dims)
        keys = insert_new_events(conn, self.tables.events, records)
        new = [record for record in records if (record.session_id, record.seq) in keys]
        if not new:
            return 0
        deltas = RollupDeltas()
        for record in new:
            context = record.context
            deltas.add_event(_stored(record), dims[context], context.flow_id, context.flow_version)
        self._touch_sessions(conn, new, dims)
        ended = {record.context for record in new if record.kind == "session_end"}
        summaries = self._summaries(conn, ended, records)
        for context, summary in summaries.items():
            deltas.add_session(summary, dims[context], context.flow_id, context.flow_version)
        self._finish_sessions(conn, {context.session_id: summary
                                     for context, summary in summaries.items()})
        self._apply(conn, deltas)
        return len(new)

    def _store_dimensions(self, conn: sa.Connection, dims: dict[AnalyticsContext, int]) -> None:
        names = ("origin", "flow_id", "flow_version", "environment", "channel", "entry_point")
        rows = {dim_id: {"id": dim_id, **dict(zip(names, context.dimensions))}
                for context, dim_id in dims.items()}
        insert_ignore(conn, self.tables.dimensions, [rows[key] for key in sorted(rows)], ["id"])

    def _touch_sessions(self, conn: sa.Connection, new: Sequence[EventRecord],
                        dims: dict[AnalyticsContext, int]) -> None:
        """Create the session records of new sessions; count the new events of known ones."""
        rows: dict[str, dict[str, Any]] = {}
        now = time.time()
        for record in new:
            row = rows.get(record.session_id)
            if row is None:
                row = rows[record.session_id] = {
                    "session_id": record.session_id, "dim_id": dims[record.context],
                    "started_at": record.ts, "event_count": 0, "error_count": 0,
                    "updated_at": now}
            row["started_at"] = min(row["started_at"], record.ts)
            row["event_count"] += 1
            row["error_count"] += record.kind == "error"
        table = self.tables.sessions
        dialect = conn.dialect.name
        statement = dialect_insert(dialect, table)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(index_elements=["session_id"], set_={
            "started_at": least(dialect, table.c.started_at, excluded.started_at),
            "event_count": table.c.event_count + excluded.event_count,
            "error_count": table.c.error_count + excluded.error_count,
            "updated_at": excluded.updated_at})
        conn.execute(statement, [rows[key] for key in sorted(rows)])

    def _summaries(self, conn: sa.Connection, ended: set[AnalyticsContext],
                   batch: Sequence[EventRecord]) -> dict[AnalyticsContext, SessionSummary]:
        """Summaries of the sessions that ended: from the batch when it holds every event of
        the session (seq 1 to its end), otherwise from all its stored events."""
        if not ended:
            return {}
        by_id = {context.session_id: context for context in ended}
        found: dict[str, list[StoredEvent]] = defaultdict(list)
        for record in batch:
            if record.session_id in by_id:
                found[record.session_id].append(_stored(record))
        complete = {session_id for session_id, items in found.items() if _whole(items)}
        events = self.tables.events
        missing = sorted(set(by_id) - complete)
        for session_id in missing:
            found.pop(session_id, None)
        for part in chunks(missing):
            query = sa.select(events.c.session_id, events.c.seq, events.c.ts, events.c.kind,
                              events.c.block, events.c.module, events.c.data
                              ).where(events.c.session_id.in_(list(part)))
            for row in conn.execute(query):
                found[row.session_id].append(StoredEvent(row.seq, row.ts, row.kind, row.block,
                                                         row.module, row.data))
        return {by_id[session_id]: summarize(items) for session_id, items in found.items()}

    def _finish_sessions(self, conn: sa.Connection, summaries: dict[str, SessionSummary]) -> None:
        """Complete the records of the sessions that ended (one statement, many parameters)."""
        if not summaries:
            return
        table = self.tables.sessions
        fields = ("started_at", "ended_at", "duration_s", "end_reason", "outcome",
                  "reached_assisted", "last_block", "event_count", "error_count", "path",
                  "milestones", "updated_at")
        statement = table.update().where(table.c.session_id == sa.bindparam("b_session_id")
                                         ).values({name: sa.bindparam(f"b_{name}") for name in fields})
        now = time.time()
        conn.execute(statement, [{
            "b_session_id": session_id, "b_started_at": summary.started_at,
            "b_ended_at": summary.ended_at, "b_duration_s": summary.duration_s,
            "b_end_reason": (summary.end_reason or "")[:100], "b_outcome": summary.outcome,
            "b_reached_assisted": summary.reached_assisted, "b_last_block": summary.last_block,
            "b_event_count": summary.event_count, "b_error_count": summary.error_count,
            "b_path": summary.path_text, "b_milestones": summary.milestones_text,
            "b_updated_at": now} for session_id, summary in sorted(summaries.items())])

    def _apply(self, conn: sa.Connection, deltas: RollupDeltas) -> None:
        """Add the increments to the fine and the coarse table of each roll-up."""
        tables = self.tables
        for table, grain, per in ((tables.session_minutes, "minute", 1),
                                  (tables.session_hours, "hour", 60)):
            counters = coarsen(deltas.session_minutes, regroup(0, per))
            rows = [{grain: slot, "dim_id": dim_id,
                     **{name: values.get(name, 0) for name in ADDED_TO_SESSIONS}}
                    for (slot, dim_id), values in sorted(counters.items())]
            upsert_adding(conn, table, rows, [grain, "dim_id"], ADDED_TO_SESSIONS)
        for table, grain, per in ((tables.duration_hours, "hour", 1),
                                  (tables.duration_days, "day", 24)):
            counts = coarsen(deltas.durations, regroup(0, per))
            rows = [{grain: slot, "dim_id": dim_id, "bucket": bucket, "sessions": count}
                    for (slot, dim_id, bucket), count in sorted(counts.items())]
            upsert_adding(conn, table, rows, [grain, "dim_id", "bucket"], ["sessions"])
        for table, grain, per in ((tables.block_hours, "hour", 1),
                                  (tables.block_days, "day", 24)):
            names = ("flow_id", grain, "dim_id", "flow_version", "block", "metric", "key")
            blocks = coarsen(deltas.blocks, regroup(1, per))
            rows = [{**dict(zip(names, key)), "count": int(values[0]), "total": values[1]}
                    for key, values in sorted(blocks.items())]
            upsert_adding(conn, table, rows, names, ["count", "total"])


def regroup(index: int, per: int) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """A key with its time slot (at `index`) divided by `per`: minutes to hours, hours to days."""
    return lambda key: (*key[:index], key[index] // per, *key[index + 1:])


def coarsen(deltas: Mapping[Any, Any], key_of: Callable[[Any], Any]) -> dict[Any, Any]:
    """Increments regrouped under a coarser key (minute -> hour, hour -> day), summed."""
    result: dict[Any, Any] = {}
    for key, value in deltas.items():
        coarse = key_of(key)
        if isinstance(value, dict):
            slot = result.setdefault(coarse, defaultdict(float))
            for name, amount in value.items():
                slot[name] += amount
        elif isinstance(value, list):
            slot = result.setdefault(coarse, [0, 0.0])
            slot[0] += value[0]
            slot[1] += value[1]
        else:
            result[coarse] = result.get(coarse, 0) + value
    return result


def _unique(records: Sequence[EventRecord]) -> list[EventRecord]:
    seen: dict[tuple[str, int], EventRecord] = {}
    for record in records:
        seen.setdefault((record.session_id, record.seq), record)
    return list(seen.values())


def _whole(events: list[StoredEvent]) -> bool:
    """All of a session's events: seq 1, 2, … without a gap, ending with `session_end`."""
    last = max(events, key=lambda event: event.seq)
    return last.kind == "session_end" and len({e.seq for e in events}) == last.seq \
        and min(e.seq for e in events) == 1


def _stored(record: EventRecord) -> StoredEvent:
    return StoredEvent(record.seq, record.ts, record.kind, record.block, record.module,
                       record.data)
