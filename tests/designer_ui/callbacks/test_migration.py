"""Migration 0012 creates exactly the callback tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from designer_ui.extensions import db

TABLES = ("'callbacks'", "'callback_attempts'", "'callback_rules'", "callbacks.", "callback_")


def test_the_migration_matches_the_models(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    ours = [diff for diff in differences if any(name in repr(diff) for name in TABLES)]
    assert ours == []
