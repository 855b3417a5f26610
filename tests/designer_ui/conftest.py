"""The Designer's test fixtures: one app per database (SQLite and PostgreSQL), emptied after
every test, and users of every role.

PostgreSQL must be reachable on 127.0.0.1:5432 (database `test`, user `postgres` or `root`,
trust auth); without it these tests fail rather than skip. Each test session works in a schema
of its own, dropped at the end, so concurrent runs never see each other's data.
"""

from __future__ import annotations

import functools
import secrets
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from werkzeug.security import generate_password_hash

from designer_ui.analytics import running_writer
from designer_ui.app import create_app
from designer_ui.extensions import db
from designer_ui.models import ApiToken, User
from designer_ui.models.users import hash_token
from tests.designer_ui.helpers import Api

PG_USERS = ("postgres", "root")
FAST_HASH = "pbkdf2:sha256:1000"
PASSWORD = "correct horse battery"


def _postgres_user() -> str:
    errors = []
    for user in PG_USERS:
        try:
            with psycopg.connect(host="127.0.0.1", port=5432, dbname="test", user=user,
                                 connect_timeout=5):
                return user
        except psycopg.OperationalError as exc:
            errors.append(f"{user}: {exc}")
    pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432 (database 'test'); the Designer "
                "tests need it:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[tuple[str, str]]:
    user = _postgres_user()
    schema = f"designer_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield user, schema
    with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def build_app(database: str, folder: Path, request: pytest.FixtureRequest,
              **config: Any) -> Flask:
    settings: dict[str, Any] = {"INSTANCE_PATH": str(folder), "SECRET_KEY": "test-secret",
                                "TESTING": True, **config}
    if database == "postgresql":
        user, schema = request.getfixturevalue("postgres_schema")
        settings["SQLALCHEMY_DATABASE_URI"] = f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-c search_path={schema} -c synchronous_commit=off"}}
    return create_app(settings)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def session_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = build_app(request.param, tmp_path_factory.mktemp(f"instance-{request.param}"), request)
    yield app
    writer = running_writer(app)
    if writer is not None:
        writer.stop()  # before the database (and a PostgreSQL schema) goes away
    with app.app_context():
        db.engine.dispose()


def empty_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    with session_app.app_context():
        empty_tables()
    yield session_app
    with session_app.app_context():
        db.session.rollback()
        empty_tables()


@pytest.fixture
def database(app: Flask) -> str:
    with app.app_context():
        return db.engine.dialect.name


def add_user(app: Flask, username: str, roles: list[str], *, can_promote_live: bool = False,
             password: str = PASSWORD) -> int:
    with app.app_context():
        user = User(username=username, display_name=username.title(), roles=roles,
                    can_promote_live=can_promote_live, active=True,
                    password_hash=_password_hash(password))
        db.session.add(user)
        db.session.commit()
        return user.id


@functools.cache
def _password_hash(password: str) -> str:
    return generate_password_hash(password, method=FAST_HASH)


def add_token(app: Flask, user_id: int) -> str:
    secret = "dsg_" + secrets.token_urlsafe(24)
    with app.app_context():
        db.session.add(ApiToken(user_id=user_id, name="test", token_hash=hash_token(secret),
                                prefix=secret[:10]))
        db.session.commit()
    return secret


def add_users_with_tokens(app: Flask, identities: dict[str, list[str]]) -> dict[str, str]:
    """Several users at once (one transaction), each with an API token; name -> token."""
    tokens: dict[str, str] = {}
    with app.app_context():
        for name, roles in identities.items():
            user = User(username=name, display_name=name, roles=roles, active=True,
                        can_promote_live=name.endswith("-live"),
                        password_hash=_password_hash(PASSWORD))
            db.session.add(user)
            db.session.flush()
            tokens[name] = "dsg_" + secrets.token_urlsafe(24)
            db.session.add(ApiToken(user_id=user.id, name="test", prefix=tokens[name][:10],
                                    token_hash=hash_token(tokens[name])))
        db.session.commit()
    return tokens


@pytest.fixture
def user_factory(app: Flask) -> Callable[..., int]:
    def make(username: str, *roles: str, can_promote_live: bool = False) -> int:
        return add_user(app, username, list(roles), can_promote_live=can_promote_live)

    return make


@pytest.fixture
def as_role(app: Flask) -> Callable[..., Api]:
    """An API client with a bearer token for a new user with these roles."""
    made: dict[str, int] = {}

    def make(*roles: str, can_promote_live: bool = False, username: str | None = None) -> Api:
        name = username or "-".join(roles) + ("-live" if can_promote_live else "")
        if name not in made:
            made[name] = add_user(app, name, list(roles), can_promote_live=can_promote_live)
        return Api(app.test_client(), token=add_token(app, made[name]))

    return make


def login(app: Flask, username: str, password: str = PASSWORD) -> Api:
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return Api(client, csrf=response.json["csrf_token"])


@pytest.fixture
def developer(as_role: Callable[..., Api]) -> Api:
    return as_role("developer")


@pytest.fixture
def admin(as_role: Callable[..., Api]) -> Api:
    return as_role("admin")


@pytest.fixture
def business(as_role: Callable[..., Api]) -> Api:
    return as_role("business")
