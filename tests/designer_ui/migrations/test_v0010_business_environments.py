"""Migration 0010 on SQLite and PostgreSQL: today's Business Controls become every
environment's value, shared prompts become announcements, and the downgrade keeps live."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from designer_ui.app import create_app
from designer_ui.database import MIGRATIONS_DIR
from designer_ui.extensions import db
from tests.designer_ui.conftest import _postgres_user


@pytest.fixture(params=["sqlite", "postgresql"])
def bare_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    settings = {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "TESTING": True,
                "AUTO_MIGRATE": False, "LOAD_EXAMPLES": False}
    schema = None
    if request.param == "postgresql":
        user, schema = _postgres_user(), f"migration_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as c:
            c.execute(f'CREATE SCHEMA "{schema}"')
        settings["SQLALCHEMY_DATABASE_URI"] = f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-c search_path={schema}"}}
    app = create_app(settings)
    yield app
    with app.app_context():
        db.engine.dispose()
    if schema is not None:
        with psycopg.connect(host="127.0.0.1", dbname="test", user=_postgres_user(),
                             autocommit=True) as c:
            c.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _rows(sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in db.session.execute(sa.text(sql))]


def test_values_copy_to_every_environment_and_back(bare_app: Flask) -> None:
    with bare_app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR), revision="0009")
        db.session.execute(sa.text(
            "INSERT INTO emergency_flags (name, \"on\", updated_at) VALUES "
            "('storm', true, '2026-01-01 00:00:00')"))
        db.session.execute(sa.text(
            "INSERT INTO data_tables (name, key_column, \"columns\", \"rows\", updated_at) "
            "VALUES ('voice-queues', 'queue', '[\"queue\"]', '[{\"queue\": \"sales\"}]', "
            "'2026-01-01 00:00:00')"))
        db.session.execute(sa.text(
            "INSERT INTO prompts (name, texts, updated_at) VALUES "
            "('holiday-notice', '{\"en-US\": \"Closed.\"}', '2026-01-01 00:00:00')"))
        db.session.commit()
        upgrade(directory=str(MIGRATIONS_DIR), revision="0010")
        assert sorted(_rows("SELECT environment, name, \"on\" FROM emergency_flags")) == [
            ("dev", "storm", True), ("live", "storm", True), ("test", "storm", True)]
        assert sorted(_rows("SELECT environment, name FROM data_tables")) == [
            ("dev", "voice-queues"), ("live", "voice-queues"), ("test", "voice-queues")]
        notices = _rows("SELECT environment, texts, version FROM announcements")
        assert sorted(row[0] for row in notices) == ["dev", "live", "test"]
        db.session.execute(sa.text(
            "INSERT INTO emergency_flags (environment, name, \"on\", updated_at) VALUES "
            "('test', 'flood', true, '2026-01-01 00:00:00')"))
        db.session.commit()
        db.session.close()
        downgrade(directory=str(MIGRATIONS_DIR), revision="0009")
        assert _rows("SELECT name, \"on\" FROM emergency_flags") == [("storm", True)]
        assert "announcements" not in sa.inspect(db.engine).get_table_names()
