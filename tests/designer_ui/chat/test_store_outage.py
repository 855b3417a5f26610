"""A Redis outage: 503 + Retry-After (which the widget retries) instead of 500, one log line
when it starts and one when it ends, no tracebacks, service back once Redis is; and
`designer runtime` refuses to start against a Redis that does not answer."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from designer_ui.chat import chat_service
from designer_ui.cli.runtime import runtime_command
from tests.designer_ui.chat.conftest import chat_app, close_app, say, start
from tests.designer_ui.chat.private_redis import PrivateRedis, free_port


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def outage_app(tmp_path: Path, request: pytest.FixtureRequest,
               private_redis: PrivateRedis) -> Iterator[Flask]:
    app = chat_app(tmp_path, request, f"{private_redis.url}?prefix=outage:",
                   CHAT_REDIS_POOL_TIMEOUT_S=0.5)
    yield app
    close_app(app)


def _unavailable(response: Any) -> None:
    assert response.status_code == 503, response.json
    assert response.headers["Retry-After"] == "2"
    assert response.json["error"]["code"] == "store_unavailable"


def test_an_outage_answers_503_logs_once_and_service_resumes(
        outage_app: Flask, private_redis: PrivateRedis,
        caplog: pytest.LogCaptureFixture) -> None:
    visitor: FlaskClient = outage_app.test_client()
    session = start(visitor)["session"]
    timers = chat_service(outage_app).runtime.timers
    private_redis.stop()
    with caplog.at_level(logging.INFO):
        _unavailable(visitor.post("/api/v1/chat/desk/sessions", json={}))
        _unavailable(say(visitor, session["id"], choice="bye", client_message_id="c-1"))
        _unavailable(visitor.get(f"/api/v1/chat/sessions/{session['id']}/events"))
        for _ in range(5):
            assert timers.tick() == []
        outage_lines = [r for r in caplog.records if "is unavailable" in r.getMessage()]
        assert len(outage_lines) == 1 and "redis://127.0.0.1:" in outage_lines[0].getMessage()
        assert not [r for r in caplog.records if r.exc_info], "no tracebacks during an outage"
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

        private_redis.start()
        answer = say(visitor, session["id"], choice="bye", client_message_id="c-1")
        assert answer.status_code == 200, answer.json
        assert answer.json["session"]["status"] == "ended"
        assert start(visitor)["session"]["status"] == "active"
        back = [r for r in caplog.records if "available again" in r.getMessage()]
        assert len(back) == 1


def test_designer_runtime_refuses_a_redis_that_does_not_answer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    monkeypatch.setenv("SESSION_STORE", f"redis://127.0.0.1:{port}/0")
    monkeypatch.setenv("CHAT_REDIS_POOL_SIZE", "8")
    result = CliRunner().invoke(runtime_command, ["--port", str(free_port())])
    assert result.exit_code != 0
    assert f"the session store redis://127.0.0.1:{port}/0 does not answer" in result.output
    assert "Chat runtime on" not in result.output
