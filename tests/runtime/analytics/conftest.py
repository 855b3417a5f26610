"""Stores for the analytics tests: a SQLite file and a PostgreSQL schema of their own (on the
PostgreSQL running at 127.0.0.1:5432, database `test`; dropped afterwards)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from runtime.analytics.schema import AnalyticsTables, analytics_tables
from runtime.analytics.sql_store import SqlAnalyticsStore

PG_USERS = ("postgres", "root")


def postgres_user() -> str:
    for user in PG_USERS:
        try:
            with psycopg.connect(host="127.0.0.1", dbname="test", user=user, connect_timeout=5):
                return user
        except psycopg.OperationalError:
            continue
    pytest.fail("PostgreSQL must be running on 127.0.0.1:5432 (database 'test')", pytrace=False)


@pytest.fixture(scope="module")
def pg_schema() -> Iterator[tuple[str, str]]:
    user = postgres_user()
    schema = f"analytics_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield user, schema
    with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def make_engine(kind: str, folder: Path, request: pytest.FixtureRequest) -> sa.Engine:
    if kind == "sqlite":
        return sa.create_engine(f"sqlite:///{folder / 'analytics.db'}")
    user, schema = request.getfixturevalue("pg_schema")
    return sa.create_engine(f"postgresql+psycopg://{user}@127.0.0.1:5432/test",
                            connect_args={"options": f"-c search_path={schema}"})


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlAnalyticsStore]:
    engine = make_engine(request.param, tmp_path, request)
    metadata = sa.MetaData()
    tables = analytics_tables(metadata)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    yield SqlAnalyticsStore(engine, tables)
    metadata.drop_all(engine)
    engine.dispose()


def table_rows(store: SqlAnalyticsStore, table: sa.Table) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(sa.select(table))]


def tables_of(store: SqlAnalyticsStore) -> AnalyticsTables:
    return store.tables
