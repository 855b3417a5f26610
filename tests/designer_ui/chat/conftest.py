"""A Designer with the chat runtime for API tests: SQLite for the Designer's data, the session
store of each kind, the `desk` entry point on a small flow, and helpers to talk to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer_ui.chat import chat_service
from designer_ui.chat.limits import MemoryCounter, RedisCounter
from designer_ui.extensions import db
from tests.designer_ui.chat.helpers import desk_flow, publish
from tests.designer_ui.conftest import add_token, add_user, build_app
from tests.designer_ui.helpers import Api
from tests.runtime.sessions.stores import drop_prefix, require_redis, store_url

CHAT_SETTINGS = {"CHAT_RATE_SESSION": "20/10", "CHAT_RATE_IP": "100/60",
                 "CHAT_STREAM_SECONDS": 3, "CHAT_KEEPALIVE_SECONDS": 1, "CHAT_POLL_SECONDS": 0.2}


def chat_app(folder: Path, request: pytest.FixtureRequest, store: str, **config: Any) -> Flask:
    app = build_app("sqlite", folder, request, SESSION_STORE=store, **{**CHAT_SETTINGS, **config})
    publish(app, desk_flow(), "desk", fields={"Brand": "Acme"})
    return app


def close_app(app: Flask) -> None:
    chat_service(app).close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def module_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp(f"chat-{request.param}")
    prefix = f"cfd-chat-api-{folder.name}:"
    if request.param == "redis":
        require_redis()
    app = chat_app(folder, request, store_url(request.param, folder, prefix))
    yield app
    close_app(app)
    if request.param == "redis":
        drop_prefix(prefix)


@pytest.fixture
def app(module_app: Flask) -> Flask:
    """The module's app with fresh rate-limit counters (each test starts unthrottled)."""
    runtime = chat_service(module_app).runtime
    if isinstance(runtime.limits.counter, RedisCounter):
        runtime.limits.counter = RedisCounter(runtime.limits.counter.client,
                                              f"{runtime.limits.counter.prefix}{id(object())}:")
    else:
        runtime.limits.counter = MemoryCounter()
    return module_app


@pytest.fixture
def visitor(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def agent_api(app: Flask) -> Callable[[str], Api]:
    """An API client for an agent (made on first use) with a bearer token."""
    made: dict[str, int] = {}

    def make(username: str) -> Api:
        if username not in made:
            from designer_ui.models import User

            with app.app_context():
                existing = db.session.execute(db.select(User.id).where(
                    User.username == username)).scalar()
            made[username] = existing or add_user(app, username, ["agent"])
        return Api(app.test_client(), token=add_token(app, made[username]))

    return make


def start(client: FlaskClient, entry: str = "desk", **body: Any) -> dict[str, Any]:
    response = client.post(f"/api/v1/chat/{entry}/sessions", json=body)
    assert response.status_code == 201, response.json
    result: dict[str, Any] = response.json
    return result


def say(client: FlaskClient, session_id: str, **body: Any) -> Any:
    return client.post(f"/api/v1/chat/sessions/{session_id}/messages", json=body)


def texts(messages: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(m["author"], m["kind"], m["text"]) for m in messages]
