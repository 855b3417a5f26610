"""The visitor API's short way through the server (`designer_ui.chat.fast_path`) answers exactly
as the Flask views do: the same statuses, bodies and headers for successes, retries, refusals
and errors, on both session stores; and it really answers the hot requests itself."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer_ui.chat.fast_path import FastVisitorApi
from tests.designer_ui.chat.conftest import chat_app, close_app
from tests.runtime.sessions.stores import drop_prefix, require_redis, store_url

ORIGIN = "https://shop.example"
SETTINGS = {"CHAT_RATE_SESSION": "12/60", "CHAT_ALLOWED_ORIGINS": f"{ORIGIN} https://b.example"}
Exchange = tuple[int, Any, dict[str, str]]


class Counting:
    """Counts the requests that reach Flask behind the router."""

    def __init__(self, router: FastVisitorApi):
        self.inner = router.flask_app
        self.calls = 0
        router.flask_app = self

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        self.calls += 1
        return self.inner(environ, start_response)


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def apps(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[dict[str, Flask]]:
    """The same Designer twice: with the router (`fast`) and without it (`flask`)."""
    if request.param == "redis":
        require_redis()
    built: dict[str, Flask] = {}
    prefixes = []
    for name, setting in (("fast", "on"), ("flask", "off")):
        folder: Path = tmp_path_factory.mktemp(f"fast-{name}-{request.param}")
        prefix = f"cfd-fast-{folder.name}:"
        prefixes.append(prefix)
        built[name] = chat_app(folder, request, store_url(request.param, folder, prefix),
                               CHAT_FAST_PATH=setting, **SETTINGS)
    yield built
    for app in built.values():
        close_app(app)
    if request.param == "redis":
        for prefix in prefixes:
            drop_prefix(prefix)


def exchange(client: FlaskClient, method: str, path: str, **options: Any) -> Exchange:
    response = client.open(path, method=method, **options)
    headers = {name: value for name, value in response.headers.items()
               if name not in ("Content-Length", "Location")}
    if "Location" in response.headers:
        headers["Location"] = "<location>"
    if "Retry-After" in headers:  # a fixed window's remaining seconds move with the clock
        headers["Retry-After"] = "<seconds>"
    text = response.get_data(as_text=True)
    return response.status_code, text, headers


def normalised(text: str, session_ids: list[str]) -> Any:
    """A body with what differs between two runs (ids, times) replaced by placeholders."""
    for index, session_id in enumerate(session_ids):
        text = text.replace(session_id, f"<session {index}>")
    text = re.sub(r"wait \d+ s", "wait <n> s", text)
    if not text.strip():
        return text
    return _placeholders(json.loads(text))


def _placeholders(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: ("<varies>" if key in ("ts", "id") and not isinstance(item, dict)
                      else _placeholders(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_placeholders(item) for item in value]
    return value


def conversation(client: FlaskClient) -> list[Any]:
    """Every kind of answer the three routes give, in one scripted visit."""
    results: list[Exchange] = []
    session_ids: list[str] = []
    json_headers = {"Origin": ORIGIN, "User-Agent": "fast-path-test"}

    def call(method: str, path: str, **options: Any) -> Exchange:
        result = exchange(client, method, path, **options)
        results.append(result)
        return result

    _, started, _ = call("POST", "/api/v1/chat/desk/sessions", json={"visitor_id": "v1"},
                         headers=json_headers)
    session = json.loads(started)["session"]["id"]
    session_ids.append(session)
    messages = f"/api/v1/chat/sessions/{session}/messages"
    call("POST", messages, json={"choice": "nonsense", "client_message_id": "c1"},
         headers=json_headers)
    call("POST", messages, json={"choice": "nonsense", "client_message_id": "c1"})  # a retry
    call("POST", messages, json={"text": "hello there"}, headers={"Origin": "https://evil.example"})
    call("POST", messages, json={"text": "hi", "choice": "look"})  # both: 400
    call("POST", messages, json={"text": "   "})  # empty: 400
    call("POST", messages, json={"text": "x" * 4001})  # too long: 413
    call("POST", messages, json={"text": "x" * 20000})  # over the body limit: 413
    call("POST", messages, json={"text": "hi", "extra": 1})  # unknown field: 400
    call("POST", messages, data="text=hi", content_type="application/x-www-form-urlencoded")
    call("POST", messages, data='{"text": "hi"', content_type="application/json")  # bad JSON
    call("POST", messages, json={"text": "hi", "client_message_id": ""})  # empty id: 400
    call("POST", messages, json={"text": "hi"}, headers={"Authorization": "Bearer wrong"})
    call("POST", messages, json={"text": "the last one allowed"})  # the 12th counted
    call("POST", messages, json={"text": "one too many"})  # 429 with Retry-After
    call("POST", "/api/v1/chat/sessions/nosuchsession/messages", json={"text": "hi"})  # 404
    call("POST", "/api/v1/chat/nowhere/sessions", json={})  # unknown entry: 404
    call("POST", "/api/v1/chat/desk/sessions", json={"fields": {"ANI": "x"}})  # reserved: 400
    _, second, _ = call("POST", "/api/v1/chat/desk/sessions")  # no body at all
    session_ids.append(json.loads(second)["session"]["id"])
    call("DELETE", f"/api/v1/chat/sessions/{session_ids[1]}", headers={"Origin": ORIGIN})
    call("DELETE", f"/api/v1/chat/sessions/{session_ids[1]}")  # already ended: duplicate
    call("POST", f"/api/v1/chat/sessions/{session_ids[1]}/messages", json={"text": "hi"})  # 409
    call("DELETE", "/api/v1/chat/sessions/nosuchsession")  # 404
    return [(status, normalised(text, session_ids), headers)
            for status, text, headers in results]


def test_the_router_answers_as_the_views_do(apps: dict[str, Flask]) -> None:
    fast_client, flask_client = apps["fast"].test_client(), apps["flask"].test_client()
    assert exchange(fast_client, "GET", "/api/v1/chat/sessions/none")[0] == 404  # warms up
    assert exchange(flask_client, "GET", "/api/v1/chat/sessions/none")[0] == 404
    router = apps["fast"].wsgi_app
    assert isinstance(router, FastVisitorApi)
    counting = Counting(router)
    fast, slow = conversation(fast_client), conversation(flask_client)
    assert [item[0] for item in fast] == [201, 200, 200, 200, 400, 400, 413, 413, 400, 415, 400,
                                          400, 401, 200, 429, 404, 404, 400, 201, 200, 200, 409,
                                          404]
    for number, (ours, theirs) in enumerate(zip(fast, slow, strict=True)):
        assert ours == theirs, f"answer {number} differs"
    assert fast[0][2]["Access-Control-Allow-Origin"] == ORIGIN
    assert fast[14][2]["Retry-After"]
    assert not any("Set-Cookie" in headers for _, _, headers in fast)
    # Flask saw only what the router hands on: the bad bodies and the credentials (10 of 23).
    assert counting.calls == 10


def test_a_process_first_request_goes_to_flask(tmp_path: Path, request: pytest.FixtureRequest
                                               ) -> None:
    """So the application's start-on-first-request hooks run whatever the traffic."""
    app = chat_app(tmp_path, request, str(tmp_path / "sessions.db"))
    try:
        router = app.wsgi_app
        assert isinstance(router, FastVisitorApi)
        counting = Counting(router)
        client = app.test_client()
        assert client.post("/api/v1/chat/desk/sessions", json={}).status_code == 201
        assert client.post("/api/v1/chat/desk/sessions", json={}).status_code == 201
        assert counting.calls == 1
    finally:
        close_app(app)


def test_the_router_can_be_switched_off(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    app = chat_app(tmp_path, request, str(tmp_path / "sessions.db"), CHAT_FAST_PATH="off")
    try:
        assert not isinstance(app.wsgi_app, FastVisitorApi)
    finally:
        close_app(app)


def test_an_unexpected_failure_is_a_logged_500(apps: dict[str, Flask],
                                              caplog: pytest.LogCaptureFixture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app = apps["fast"]
    client = app.test_client()
    client.get("/api/v1/chat/sessions/none")
    from designer_ui.chat.service import chat_service

    host = chat_service(app).host

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the host broke")

    monkeypatch.setattr(host, "send", broken)
    started: dict[str, Any] = client.post("/api/v1/chat/desk/sessions", json={}).get_json()
    response = client.post(f"/api/v1/chat/sessions/{started['session']['id']}/messages",
                           json={"text": f"hi {uuid.uuid4().hex}"})
    body: dict[str, Any] = response.get_json()
    assert response.status_code == 500 and body["error"]["code"] == "internal_error"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    logged = [record.exc_info[1] for record in caplog.records if record.exc_info]
    assert any(str(error) == "the host broke" for error in logged)
