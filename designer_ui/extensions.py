"""The Flask extensions the application uses, created unbound and attached with `init_app`.

There is no module-level app: `create_app` binds these to each application it builds, so tests
can run several apps (SQLite and PostgreSQL) in one process.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from runtime.sql_columns import NAMING_CONVENTION


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys enforced, writers wait for each other, and WAL so readers never block."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_extensions(app: Flask) -> None:
    from designer_ui import models  # noqa: F401  (every table must be known to the metadata)
    from designer_ui.database import MIGRATIONS_DIR

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _enable_sqlite_foreign_keys)
