"""Fixtures of the MicroApps store tests: the Designer's own app fixtures (one app per database,
SQLite and PostgreSQL, emptied after every test; users with API tokens) reused as they are."""

from __future__ import annotations

from tests.designer_ui.conftest import (  # noqa: F401  (pytest finds fixtures by name)
    admin,
    app,
    as_role,
    database,
    developer,
    postgres_schema,
    session_app,
)
