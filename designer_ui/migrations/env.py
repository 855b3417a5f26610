"""Alembic's entry point: runs migrations against the application's own database engine."""

from __future__ import annotations

from alembic import context
from flask import current_app

database = current_app.extensions["migrate"].db
target_metadata = database.metadata


def run_offline() -> None:
    context.configure(url=str(database.engine.url), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    with database.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
