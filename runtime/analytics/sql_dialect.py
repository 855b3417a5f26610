"""The few statements whose spelling differs between SQLite and PostgreSQL: insert-or-ignore,
add-to-counter upserts (with the two-argument minimum) and keyed updates.

The writer's statements are plain SQL text, built once per table and database kind and sent
as they are (`Connection.exec_driver_sql`, so errors and lost connections are still handled
by SQLAlchemy): a batch of a thousand events is a handful of statements, and building
SQLAlchemy statement objects for them cost more CPU than the database itself (a multi-row
`INSERT` with thousands of bound values was compiled anew for every batch).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

UPSERT_CHUNK = 400
"""Session ids per `IN (…)` list when reading or deleting by session (SQLite allows 32,766 bound
values per statement)."""


def chunks(rows: Sequence[Any], size: int = UPSERT_CHUNK) -> list[Sequence[Any]]:
    return [rows[start:start + size] for start in range(0, len(rows), size)]


# -- plain SQL ---------------------------------------------------------------------------------
#
# SQLite: one `INSERT … VALUES (?, …)` sent with `executemany`, a loop in C. PostgreSQL: one
# statement for all the rows, `INSERT … SELECT * FROM unnest(%s::type[], …)` with one array per
# column: psycopg's pipelined `executemany` costs some 10 µs of Python per row, which a batch of
# sessions that end (their records, minutes, blocks, durations) turns into most of the write.


def marker(dialect: str) -> str:
    """The driver's positional parameter (sqlite3: qmark, psycopg: format)."""
    if dialect == "sqlite":
        return "?"
    if dialect == "postgresql":
        return "%s"
    raise ValueError(f"analytics needs SQLite or PostgreSQL, not {dialect}")


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qualified(table: sa.Table) -> str:
    return f"{quoted(table.schema)}.{quoted(table.name)}" if table.schema else quoted(table.name)


def _rows_source(dialect: sa.Dialect, table: sa.Table, columns: tuple[str, ...]) -> str:
    """Where the statement's rows come from: parameters of one row (SQLite) or arrays of all
    rows (PostgreSQL)."""
    if dialect.name == "postgresql":
        arrays = ", ".join(f"%s::{table.c[name].type.compile(dialect=dialect)}[]"
                           for name in columns)
        return f"SELECT * FROM unnest({arrays})"
    return "VALUES (" + ", ".join([marker(dialect.name)] * len(columns)) + ")"


@functools.cache
def upsert_sql(dialect: sa.Dialect, table: sa.Table, columns: tuple[str, ...],
               keys: tuple[str, ...], added: tuple[str, ...] = (),
               replaced: tuple[str, ...] = (), smallest: tuple[str, ...] = ()) -> str:
    """`INSERT … ON CONFLICT (keys) DO UPDATE`: `added` columns add to what is stored,
    `replaced` ones replace it, `smallest` ones keep the smaller value; `DO NOTHING` when there
    is nothing to update."""
    least = "LEAST" if dialect.name == "postgresql" else "MIN"
    sets = [f"{quoted(name)} = cur.{quoted(name)} + excluded.{quoted(name)}" for name in added]
    sets += [f"{quoted(name)} = excluded.{quoted(name)}" for name in replaced]
    sets += [f"{quoted(name)} = {least}(cur.{quoted(name)}, excluded.{quoted(name)})"
             for name in smallest]
    target = ", ".join(quoted(key) for key in keys)
    return (f"INSERT INTO {qualified(table)} AS cur ({', '.join(map(quoted, columns))}) "
            f"{_rows_source(dialect, table, columns)} ON CONFLICT ({target}) "
            + ("DO UPDATE SET " + ", ".join(sets) if sets else "DO NOTHING"))


@functools.cache
def update_sql(dialect: sa.Dialect, table: sa.Table, key: str, columns: tuple[str, ...]) -> str:
    """`UPDATE … SET columns WHERE key = …`, one row of parameters `(key, *columns)`."""
    if dialect.name == "postgresql":
        names = ", ".join(map(quoted, (key, *columns)))
        sets = ", ".join(f"{quoted(name)} = new.{quoted(name)}" for name in columns)
        return (f"UPDATE {qualified(table)} AS cur SET {sets} FROM "
                f"({_rows_source(dialect, table, (key, *columns))}) AS new ({names}) "
                f"WHERE cur.{quoted(key)} = new.{quoted(key)}")
    sets = ", ".join(f"{quoted(name)} = ?" for name in columns)
    return f"UPDATE {qualified(table)} SET {sets} WHERE {quoted(key)} = ?"


def insert_ignore(conn: sa.Connection, table: sa.Table, columns: Sequence[str],
                  rows: Sequence[Sequence[Any]], keys: Sequence[str]) -> None:
    """Insert rows (tuples in `columns` order); rows whose key exists are left alone."""
    upsert(conn, table, columns, rows, keys)


def upsert_adding(conn: sa.Connection, table: sa.Table, columns: Sequence[str],
                  rows: Sequence[Sequence[Any]], keys: Sequence[str],
                  added: Sequence[str]) -> None:
    """Insert rows (tuples in `columns` order); where the key exists, add the `added` columns
    to what is stored."""
    upsert(conn, table, columns, rows, keys, added=added)


def upsert(conn: sa.Connection, table: sa.Table, columns: Sequence[str],
           rows: Sequence[Sequence[Any]], keys: Sequence[str], *, added: Sequence[str] = (),
           replaced: Sequence[str] = (), smallest: Sequence[str] = ()) -> None:
    """Insert rows (tuples in `columns` order), updating those whose key exists (see
    `upsert_sql`). Rows must be unique by key and sorted by it: two writers then lock rows in
    the same order and cannot deadlock each other."""
    if rows:
        names = tuple(columns)
        sql = upsert_sql(conn.dialect, table, names, tuple(keys), tuple(added), tuple(replaced),
                         tuple(smallest))
        _run(conn, sql, table, names, rows)


def update_rows(conn: sa.Connection, table: sa.Table, key: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """Update the rows whose `key` is the first value of each row of `rows` (then `columns`)."""
    if not rows:
        return
    names = tuple(columns)
    sql = update_sql(conn.dialect, table, key, names)
    if conn.dialect.name == "postgresql":
        _run(conn, sql, table, (key, *names), rows)
    else:
        conn.exec_driver_sql(sql, [(*row[1:], row[0]) for row in rows])


def _run(conn: sa.Connection, sql: str, table: sa.Table, columns: tuple[str, ...],
         rows: Sequence[Sequence[Any]]) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(sql, tuple(_arrays(table, columns, rows)))
    else:
        conn.exec_driver_sql(sql, list(rows))


def _arrays(table: sa.Table, columns: tuple[str, ...],
            rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The rows as one list per column, each value of the column's Python type (a counter
    summed as a float goes to an integer column as an int, and the other way round)."""
    arrays: list[list[Any]] = []
    for name, values in zip(columns, zip(*rows, strict=True), strict=True):
        kind = _python_type(table.c[name].type)
        arrays.append([value if value is None or kind is None else kind(value)
                       for value in values])
    return arrays


def _python_type(column_type: sa.types.TypeEngine[Any]) -> type | None:
    if isinstance(column_type, sa.Boolean):
        return bool
    if isinstance(column_type, sa.Integer):
        return int
    if isinstance(column_type, sa.Float):
        return float
    return None
