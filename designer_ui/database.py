"""Brings the database schema up to date when the application starts.

Several gunicorn workers may start at once, so the upgrade (and anything else done once at
start-up) runs under a lock: a PostgreSQL advisory lock, or a file lock beside a SQLite file.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from designer_ui.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
STARTUP_LOCK_KEY = 0x64657369676E  # "design"


@contextmanager
def startup_lock(app: Flask) -> Iterator[None]:
    """Only one process at a time runs the start-up work on a database."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK_KEY})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": STARTUP_LOCK_KEY})
                connection.commit()
        return
    lock_path = Path(app.instance_path) / "startup.lock"
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade_database() -> None:
    """Apply every migration not yet applied (creates the tables on first run)."""
    upgrade(directory=str(MIGRATIONS_DIR))
