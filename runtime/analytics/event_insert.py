"""Insert a batch of events, ignoring those already stored, and say which ones were new.

Knowing exactly which events were new is what makes the roll-ups idempotent: a replayed batch
inserts nothing and so adds nothing. PostgreSQL takes the batch with `COPY` into a temporary
table and one `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`; SQLite with a multi-row
`INSERT … ON CONFLICT DO NOTHING RETURNING`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from runtime.analytics.records import EventRecord
from runtime.analytics.sql_dialect import chunks, dialect_insert

COLUMNS = ("session_id", "seq", "ts", "kind", "block", "module", "data")
INCOMING = "analytics_events_incoming"
EventKey = tuple[str, int]


def insert_new_events(conn: sa.Connection, events_table: sa.Table,
                      records: Sequence[EventRecord]) -> set[EventKey]:
    if conn.dialect.name == "postgresql":
        return _copy_insert(conn, events_table, records)
    return _values_insert(conn, events_table, records)


def _values_insert(conn: sa.Connection, table: sa.Table,
                   records: Sequence[EventRecord]) -> set[EventKey]:
    inserted: set[EventKey] = set()
    for part in chunks(records, 300):
        rows = [{"session_id": r.session_id, "seq": r.seq, "ts": r.ts, "kind": r.kind,
                 "block": r.block, "module": r.module, "data": r.data} for r in part]
        statement = (dialect_insert(conn.dialect.name, table).values(rows)
                     .on_conflict_do_nothing(index_elements=["session_id", "seq"])
                     .returning(table.c.session_id, table.c.seq))
        inserted.update((row[0], row[1]) for row in conn.execute(statement))
    return inserted


def _copy_insert(conn: sa.Connection, table: sa.Table,
                 records: Sequence[EventRecord]) -> set[EventKey]:
    raw: Any = conn.connection.driver_connection
    target = _qualified(table)
    with raw.cursor() as cursor:
        if not conn.connection.info.get(INCOMING):
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {INCOMING} "
                           f"(LIKE {target} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
            conn.connection.info[INCOMING] = True
        columns = ", ".join(COLUMNS)
        with cursor.copy(f"COPY {INCOMING} ({columns}) FROM STDIN") as copy:
            for r in records:
                copy.write_row((r.session_id, r.seq, r.ts, r.kind, r.block, r.module,
                                None if r.data is None else json.dumps(r.data)))
        cursor.execute(f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {INCOMING} "
                       "ON CONFLICT DO NOTHING RETURNING session_id, seq")
        inserted = {(row[0], row[1]) for row in cursor.fetchall()}
        cursor.execute(f"DELETE FROM {INCOMING}")
    return inserted


def _qualified(table: sa.Table) -> str:
    return f'"{table.schema}"."{table.name}"' if table.schema else f'"{table.name}"'
