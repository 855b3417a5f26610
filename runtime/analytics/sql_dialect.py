"""The few statements whose spelling differs between SQLite and PostgreSQL: insert-or-ignore,
add-to-counter upserts and the two-argument minimum."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

UPSERT_CHUNK = 400
"""Rows per multi-row statement (SQLite allows 32,766 bound values per statement)."""


def dialect_insert(dialect: str, table: sa.Table) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"analytics needs SQLite or PostgreSQL, not {dialect}")


def least(dialect: str, left: Any, right: Any) -> Any:
    return sa.func.least(left, right) if dialect == "postgresql" else sa.func.min(left, right)


def chunks(rows: Sequence[Any], size: int = UPSERT_CHUNK) -> list[Sequence[Any]]:
    return [rows[start:start + size] for start in range(0, len(rows), size)]


def insert_ignore(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]],
                  keys: Sequence[str]) -> None:
    if rows:
        statement = dialect_insert(conn.dialect.name, table)
        conn.execute(statement.on_conflict_do_nothing(index_elements=list(keys)), list(rows))


def upsert_adding(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]],
                  keys: Sequence[str], added: Sequence[str]) -> None:
    """Insert rows; where the key exists, add the `added` columns to what is stored.

    One statement with many parameter sets: compiled once and cached, sent as a pipeline
    (PostgreSQL) or `executemany` (SQLite). Rows must be unique by key and sorted by it: two
    writers then lock rows in the same order and cannot deadlock each other.
    """
    if not rows:
        return
    statement = dialect_insert(conn.dialect.name, table)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: table.c[name] + statement.excluded[name] for name in added})
    conn.execute(statement, list(rows))
