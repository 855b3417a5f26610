"""Writes batches of analytics events into the Designer database (SQLite or PostgreSQL).

One batch is one transaction: the new events, the session records they touch, and the roll-up
increments, or nothing at all. Events already stored are ignored (`session_id:seq` is the
key), and only new ones feed the roll-ups, so a batch written twice (a retry, a replay of the
spool after a crash) counts once.

Connection trouble (database down, locked, a deadlock) raises `TransientStoreError`, which the
writer retries; anything else is a real error.

Per event, the work is a few tuple and dict operations: the events go to the database as rows
of plain values (see `event_insert`), the roll-up increments are summed in memory for the whole
batch, and each roll-up table then gets one upsert per (time slot, key) that the batch touched,
as one prepared statement with many parameter sets.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from runtime.analytics.callback_events import (
    OFFERED,
    is_life_cycle,
    store_callback_events,
)
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.event_insert import INCOMING, insert_new_events
from runtime.analytics.records import EventRecord
from runtime.analytics.rollups import RollupDeltas
from runtime.analytics.schema import SESSION_COUNTERS, AnalyticsTables, analytics_tables
from runtime.analytics.sql_dialect import (
    chunks,
    insert_ignore,
    update_rows,
    upsert,
    upsert_adding,
)
from runtime.analytics.summary import EventFields, SessionSummary, StoredEvent, summarize
from runtime.analytics.survey_results import SURVEY_EVENT, store_survey_results

ADDED_TO_SESSIONS = (*SESSION_COUNTERS, "duration_sum")
DIMENSION_COLUMNS = ("id", "origin", "flow_id", "flow_version", "environment", "channel",
                     "entry_point")
TOUCH_COLUMNS = ("session_id", "dim_id", "started_at", "event_count", "error_count",
                 "updated_at")
FINISH_COLUMNS = ("started_at", "ended_at", "duration_s", "end_reason", "outcome",
                  "reached_assisted", "last_block", "event_count", "error_count", "path",
                  "milestones", "updated_at")
DIMENSION_CACHE = 4096


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
        self._dimension_ids: dict[tuple[str, ...], int] = {}
        dbapi = engine.dialect.loaded_dbapi
        self._transient: tuple[type[BaseException], ...] = (
            sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError,
            sa.exc.TimeoutError, dbapi.OperationalError, dbapi.InterfaceError)

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
                try:
                    return self._write(conn, _unique(records))
                except BaseException:
                    _forget_incoming(conn)
                    raise
        except self._transient as exc:
            raise TransientStoreError(str(exc).splitlines()[0] if str(exc) else
                                      type(exc).__name__) from exc

    # -- one transaction -----------------------------------------------------------------

    def _write(self, conn: sa.Connection, records: Sequence[EventRecord]) -> int:
        if any(map(is_life_cycle, records)):  # the callback service's events: no session
            life_cycle = [record for record in records if is_life_cycle(record)]
            store_callback_events(conn, self.tables.callback_events, life_cycle)
            records = [record for record in records if not is_life_cycle(record)]
            if not records:
                return len(life_cycle)
        dims = self._dimensions_of(records)
        self._store_dimensions(conn, dims)
        inserted = insert_new_events(conn, self.tables.events, records)
        if not inserted:
            return 0
        new = records
        if len(inserted) != len(records):
            keys = set(inserted)
            new = [record for record in records if (record.context.session_id, record.seq) in keys]
        deltas = RollupDeltas()
        add_event = deltas.add_event
        touched: dict[str, list[Any]] = {}
        ended: dict[str, AnalyticsContext] = {}
        answers: list[tuple[EventRecord, int]] = []
        offers: list[EventRecord] = []
        now = time.time()
        context: AnalyticsContext | None = None
        dim_id, flow_id, flow_version = 0, "", ""
        session: list[Any] = []
        for record in new:
            if record.context is not context:
                context = record.context
                dim_id, flow_id, flow_version = dims[context], context.flow_id, context.flow_version
                session = touched.get(context.session_id) or touched.setdefault(
                    context.session_id, [context.session_id, dim_id, record.ts, 0, 0, now])
            add_event(record, dim_id, flow_id, flow_version)
            if record.ts < session[2]:
                session[2] = record.ts
            session[3] += 1
            kind = record.kind
            if kind == "error":
                session[4] += 1
            elif kind == "session_end":
                ended[context.session_id] = context
            elif kind == SURVEY_EVENT:
                answers.append((record, dim_id))
            elif kind == OFFERED:
                offers.append(record)
        self._touch_sessions(conn, touched)
        store_survey_results(conn, self.tables.survey_results, answers)
        if offers:
            store_callback_events(conn, self.tables.callback_events, offers)
        summaries = self._summaries(conn, set(ended.values()), records)
        for ended_context, summary in summaries.items():
            deltas.add_session(summary, dims[ended_context], ended_context.flow_id,
                               ended_context.flow_version)
        self._finish_sessions(conn, {ended_context.session_id: summary
                                     for ended_context, summary in summaries.items()})
        self._apply(conn, deltas)
        return len(new)

    def _dimensions_of(self, records: Sequence[EventRecord]) -> dict[AnalyticsContext, int]:
        """The dimension id of each context in the batch (hashed once per process)."""
        known = self._dimension_ids
        dims: dict[AnalyticsContext, int] = {}
        context: AnalyticsContext | None = None
        for record in records:
            if record.context is context:
                continue
            context = record.context
            if context in dims:
                continue
            values = context.dimensions
            dim_id = known.get(values)
            if dim_id is None:
                if len(known) >= DIMENSION_CACHE:
                    known.clear()
                dim_id = known[values] = dimension_id(values)
            dims[context] = dim_id
        return dims

    def _store_dimensions(self, conn: sa.Connection, dims: dict[AnalyticsContext, int]) -> None:
        rows = {dim_id: (dim_id, *context.dimensions) for context, dim_id in dims.items()}
        insert_ignore(conn, self.tables.dimensions, DIMENSION_COLUMNS,
                      [rows[key] for key in sorted(rows)], ["id"])

    def _touch_sessions(self, conn: sa.Connection, touched: dict[str, list[Any]]) -> None:
        """Create the session records of new sessions; count the new events of known ones."""
        upsert(conn, self.tables.sessions, TOUCH_COLUMNS,
               [tuple(touched[key]) for key in sorted(touched)], ["session_id"],
               added=("event_count", "error_count"), replaced=("updated_at",),
               smallest=("started_at",))

    def _summaries(self, conn: sa.Connection, ended: set[AnalyticsContext],
                   batch: Sequence[EventRecord]) -> dict[AnalyticsContext, SessionSummary]:
        """Summaries of the sessions that ended: from the batch when it holds every event of
        the session (seq 1 to its end), otherwise from all its stored events."""
        if not ended:
            return {}
        by_id = {context.session_id: context for context in ended}
        found: dict[str, list[EventFields]] = defaultdict(list)
        for record in batch:
            if record.context.session_id in by_id:
                found[record.context.session_id].append(record)
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
        """Complete the records of the sessions that ended (one statement)."""
        now = time.time()
        update_rows(conn, self.tables.sessions, "session_id", FINISH_COLUMNS, [(
            session_id, summary.started_at, summary.ended_at, summary.duration_s,
            (summary.end_reason or "")[:100], summary.outcome, summary.reached_assisted,
            summary.last_block, summary.event_count, summary.error_count, summary.path_text,
            summary.milestones_text, now) for session_id, summary in sorted(summaries.items())])

    def _apply(self, conn: sa.Connection, deltas: RollupDeltas) -> None:
        """Add the increments to the fine and the coarse table of each roll-up: one row per
        (time slot, key) the batch touched, summed in memory beforehand."""
        tables = self.tables
        for table, grain, per in ((tables.session_minutes, "minute", 1),
                                  (tables.session_hours, "hour", 60)):
            counters = coarsen(deltas.session_minutes, regroup(0, per))
            rows = [(slot, dim_id, *(values.get(name, 0) for name in ADDED_TO_SESSIONS))
                    for (slot, dim_id), values in sorted(counters.items())]
            upsert_adding(conn, table, (grain, "dim_id", *ADDED_TO_SESSIONS), rows,
                          [grain, "dim_id"], ADDED_TO_SESSIONS)
        for table, grain, per in ((tables.duration_hours, "hour", 1),
                                  (tables.duration_days, "day", 24)):
            counts = coarsen(deltas.durations, regroup(0, per))
            rows = [(*key, count) for key, count in sorted(counts.items())]
            upsert_adding(conn, table, (grain, "dim_id", "bucket", "sessions"), rows,
                          [grain, "dim_id", "bucket"], ["sessions"])
        for table, grain, per in ((tables.block_hours, "hour", 1),
                                  (tables.block_days, "day", 24)):
            names = ("flow_id", grain, "dim_id", "flow_version", "block", "metric", "key")
            blocks = coarsen(deltas.blocks, regroup(1, per))
            rows = [(*key, int(values[0]), values[1]) for key, values in sorted(blocks.items())]
            upsert_adding(conn, table, (*names, "count", "total"), rows, names,
                          ["count", "total"])


def _forget_incoming(conn: sa.Connection) -> None:
    """A failed transaction took the temporary table it created with it (PostgreSQL)."""
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        conn.connection.info.pop(INCOMING, None)


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


def _unique(records: Sequence[EventRecord]) -> Sequence[EventRecord]:
    """The batch without repeated events (the first of each `session_id:seq` is kept)."""
    keys = {(record.context.session_id, record.seq) for record in records}
    if len(keys) == len(records):
        return records
    seen: dict[tuple[str, int], EventRecord] = {}
    for record in records:
        seen.setdefault((record.context.session_id, record.seq), record)
    return list(seen.values())


def _whole(events: list[EventFields]) -> bool:
    """All of a session's events: seq 1, 2, … without a gap, ending with `session_end`."""
    last = max(events, key=lambda event: event.seq)
    return last.kind == "session_end" and len({e.seq for e in events}) == last.seq \
        and min(e.seq for e in events) == 1
