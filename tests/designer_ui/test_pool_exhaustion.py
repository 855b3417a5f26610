"""A database that is busy (no free pooled connection, SQLite locked by another writer) makes a
request answer 503 with Retry-After in the error shape, never 500; and the log-in does not keep a
pooled connection while it compares password hashes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from designer_ui.analytics import running_writer
from designer_ui.api import auth
from designer_ui.app import create_app
from designer_ui.extensions import db
from tests.designer_ui.conftest import PASSWORD

LOGIN = "/api/v1/auth/login"
WRONG = {"username": "nobody", "password": "not the password"}
POOL_SIZE = 2


def build_small_pool_app(database: str, folder: Path, request: pytest.FixtureRequest) -> Flask:
    """The app with `POOL_SIZE` pooled connections that a request waits for only briefly."""
    options: dict[str, Any] = {"pool_size": POOL_SIZE, "max_overflow": 0, "pool_timeout": 0.2}
    settings: dict[str, Any] = {"INSTANCE_PATH": str(folder), "SECRET_KEY": "test-secret",
                                "TESTING": True}
    if database == "postgresql":
        user, schema = request.getfixturevalue("postgres_schema")
        settings["SQLALCHEMY_DATABASE_URI"] = f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
        options["connect_args"] = {"options": f"-c search_path={schema}"}
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = options
    return create_app(settings)


@contextmanager
def small_pool(database: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    app = build_small_pool_app(database, folder, request)
    try:
        yield app
    finally:
        writer = running_writer(app)
        if writer is not None:
            writer.stop()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def small_pool_app(database: str, tmp_path: Path,
                   request: pytest.FixtureRequest) -> Iterator[Flask]:
    with small_pool(database, tmp_path, request) as app:
        yield app


def assert_busy(response: Any) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) >= 1
    body = response.get_json()
    assert body["error"]["code"] == "service_unavailable"
    assert body["error"]["message"]
    assert body["error"]["details"]["retry_after"] == int(response.headers["Retry-After"])


def test_no_free_pooled_connection_is_503_with_retry_after(small_pool_app: Flask) -> None:
    client = small_pool_app.test_client()
    with small_pool_app.app_context():
        held = [db.engine.connect() for _ in range(POOL_SIZE)]
        try:
            assert_busy(client.post(LOGIN, json=WRONG))
        finally:
            for connection in held:
                connection.close()
    assert client.post(LOGIN, json=WRONG).status_code == 401, "the next request is served"


def test_sqlite_locked_past_its_busy_timeout_is_503_with_retry_after(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """SQLite's own write lock (PostgreSQL has no database-wide lock to meet)."""
    with small_pool("sqlite", tmp_path, request) as app:
        sqlite_locked(app)


def sqlite_locked(small_pool_app: Flask) -> None:
    with small_pool_app.app_context():
        sa.event.listen(db.engine, "connect",
                        lambda connection, _record: connection.execute("PRAGMA busy_timeout=50"))
        db.engine.dispose()  # new connections wait 50 ms for a lock instead of 10 s
        path = db.engine.url.database
    assert path
    writer = sqlite3.connect(path, isolation_level=None)
    client = small_pool_app.test_client()
    try:
        writer.execute("BEGIN IMMEDIATE")
        assert_busy(client.post(LOGIN, json=WRONG))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert client.post(LOGIN, json=WRONG).status_code == 401


def test_password_hashes_are_compared_with_no_connection_held(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.designer_ui.conftest import add_user

    add_user(app, "dana", ["developer"])
    holding: list[bool] = []
    compare = auth.check_password_hash

    def watched(stored: str, password: str) -> bool:
        holding.append(db.session().in_transaction())
        return compare(stored, password)

    monkeypatch.setattr(auth, "check_password_hash", watched)
    client = app.test_client()
    assert client.post(LOGIN, json={"username": "nobody", "password": "x"}).status_code == 401
    assert client.post(LOGIN, json={"username": "dana", "password": "x"}).status_code == 401
    response = client.post(LOGIN, json={"username": "dana", "password": PASSWORD})
    assert response.status_code == 200
    changed = client.post("/api/v1/auth/password", json={
        "current_password": PASSWORD, "new_password": "quartz lantern meadow ferry"},
        headers={"X-CSRF-Token": response.get_json()["csrf_token"]})
    assert changed.status_code == 200, changed.get_json()
    assert holding == [False, False, False, False]
