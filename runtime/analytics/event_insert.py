"""Insert a batch of events, ignoring those already stored, and say which ones were new.

Knowing exactly which events were new is what makes the roll-ups idempotent: a replayed batch
inserts nothing and so adds nothing. PostgreSQL takes the batch with `COPY` into a temporary
table and one `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`; SQLite with multi-row
`INSERT … ON CONFLICT DO NOTHING` statements whose text is built once per row count (and
`RETURNING` only when some of the events were already there).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from runtime.analytics.records import EventRecord
from runtime.analytics.sql_dialect import qualified

COLUMNS = ("session_id", "seq", "ts", "kind", "block", "module", "data")
INCOMING = "analytics_events_incoming"
SQLITE_ROWS = 1000
"""Rows per SQLite statement: 7,000 bound values, well under SQLite's 32,766."""
SAVEPOINT = "analytics_events_insert"
EventKey = tuple[str, int]

_encode = json.JSONEncoder(separators=(",", ":")).encode
_JSON_CACHE_LIMIT = 4096
_json_cache: dict[tuple[tuple[str, Any], ...], str] = {}


def data_json(data: Mapping[str, Any] | None) -> str | None:
    """The `data` column's text (NULL without data). The same few small objects (`{"port":
    "next"}`) come again and again, so their text is remembered."""
    if not data:
        return None
    try:
        key = tuple(data.items())
        text = _json_cache.get(key)
    except TypeError:  # an unhashable value: not from `safe_data`, encode it every time
        return _encode(data)
    if text is None:
        if len(_json_cache) >= _JSON_CACHE_LIMIT:
            _json_cache.clear()
        text = _json_cache[key] = _encode(data)
    return text


def insert_new_events(conn: sa.Connection, events_table: sa.Table,
                      records: Sequence[EventRecord]) -> list[EventKey]:
    """The keys of the events that were inserted (all of them, usually: the caller compares
    the counts before it looks at the keys)."""
    if conn.dialect.name == "postgresql":
        return _copy_insert(conn, events_table, records)
    return _values_insert(conn, events_table, records)


@functools.cache
def _values_sql(table: sa.Table, rows: int, returning: bool) -> str:
    one = "(" + ", ".join(["?"] * len(COLUMNS)) + ")"
    return (f"INSERT INTO {qualified(table)} ({', '.join(COLUMNS)}) VALUES "
            f"{', '.join([one] * rows)} ON CONFLICT DO NOTHING"
            + (" RETURNING session_id, seq" if returning else ""))


def _values_insert(conn: sa.Connection, table: sa.Table,
                   records: Sequence[EventRecord]) -> list[EventKey]:
    """On the sqlite3 cursor itself (the store turns the driver's errors into retries like
    SQLAlchemy's).

    Nearly every batch is all new, and asking SQLite to return each inserted key costs about a
    sixth of the insert. So each part is inserted inside a savepoint and only the count is
    compared: when some events were already stored (a retry, a replayed journal), the part is
    rolled back to the savepoint and inserted again, this time returning the new keys."""
    raw: Any = conn.connection.driver_connection
    cursor = raw.cursor()
    inserted: list[EventKey] = []
    try:
        if not raw.in_transaction:  # a first savepoint would be a transaction of its own
            cursor.execute("BEGIN")
        for start in range(0, len(records), SQLITE_ROWS):
            part = records[start:start + SQLITE_ROWS]
            params: list[Any] = []
            add = params.extend
            for context, seq, kind, block, ts, module, data in part:
                add((context.session_id, seq, ts, kind, block, module, data_json(data)))
            cursor.execute(f"SAVEPOINT {SAVEPOINT}")
            cursor.execute(_values_sql(table, len(part), False), params)
            if cursor.rowcount == len(part):
                inserted += [(record.context.session_id, record.seq) for record in part]
            else:
                cursor.execute(f"ROLLBACK TO {SAVEPOINT}")
                cursor.execute(_values_sql(table, len(part), True), params)
                inserted += cursor.fetchall()
            cursor.execute(f"RELEASE {SAVEPOINT}")
    finally:
        cursor.close()
    return inserted


def _copy_insert(conn: sa.Connection, table: sa.Table,
                 records: Sequence[EventRecord]) -> list[EventKey]:
    raw: Any = conn.connection.driver_connection
    target = qualified(table)
    columns = ", ".join(COLUMNS)
    with raw.cursor() as cursor:
        if not conn.connection.info.get(INCOMING):
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {INCOMING} "
                           f"(LIKE {target} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
            conn.connection.info[INCOMING] = True
        with cursor.copy(f"COPY {INCOMING} ({columns}) FROM STDIN") as copy:
            write_row = copy.write_row
            for context, seq, kind, block, ts, module, data in records:
                write_row((context.session_id, seq, ts, kind, block, module, data_json(data)))
        # The temporary table empties itself at the commit (or the rollback).
        cursor.execute(f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {INCOMING} "
                       "ON CONFLICT DO NOTHING RETURNING session_id, seq")
        inserted: list[EventKey] = cursor.fetchall()
    return inserted
