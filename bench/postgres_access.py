"""Which role the benches use on the local PostgreSQL (127.0.0.1:5432, database `test`)."""

from __future__ import annotations

PG_USERS = ("postgres", "root")
"""Tried in this order: the packaged server's superuser, then the one of a root shell."""


def postgres_user() -> str:
    """The first of `PG_USERS` that can connect; the bench stops with why when none can."""
    import psycopg

    for user in PG_USERS:
        try:
            with psycopg.connect(host="127.0.0.1", dbname="test", user=user, connect_timeout=5):
                return user
        except psycopg.OperationalError:
            continue
    raise SystemExit("PostgreSQL is not reachable on 127.0.0.1:5432 (database 'test')")
