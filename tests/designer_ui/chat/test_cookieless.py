"""The visitor's chat API runs without the cookie session (designer_ui.chat.cookieless): a staff
member's Designer cookie is neither read (no log-in look-up per chat request) nor touched, the
agent desk keeps the cookie session and its CSRF check, and the rate limits still apply."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import event

from designer_ui.chat import chat_service
from designer_ui.chat.cookieless import is_visitor_api
from designer_ui.chat.settings import Rate
from designer_ui.extensions import db
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.conftest import add_user, login


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_only_the_visitor_routes_are_cookieless(app: Flask) -> None:
    def visitor_api(method: str, path: str) -> bool:
        with app.test_request_context(path, method=method):
            return is_visitor_api(app, request)

    assert visitor_api("POST", "/api/v1/chat/desk/sessions")  # a chat at the entry `desk`
    assert visitor_api("POST", "/api/v1/chat/sessions/abc/messages")
    assert visitor_api("DELETE", "/api/v1/chat/sessions/abc")
    assert not visitor_api("GET", "/api/v1/chat/desk/queue")
    assert not visitor_api("POST", "/api/v1/chat/desk/sessions/abc/accept")
    assert not visitor_api("GET", "/api/v1/chat/nowhere")
    assert not visitor_api("GET", "/api/v1/auth/me")
    assert not visitor_api("GET", "/chat-demo")


def test_a_staff_cookie_is_neither_looked_up_nor_touched(app: Flask) -> None:
    add_user(app, "cookie-staff", ["agent"])
    staff = login(app, "cookie-staff")
    client = staff.client
    with statements(app) as seen:
        session = start(client)["session"]["id"]
        turn = say(client, session, choice="orders", client_message_id="k-1")
        ended = client.delete(f"/api/v1/chat/sessions/{session}")
    assert turn.status_code == 200 and ended.status_code == 200
    assert not [sql for sql in seen if "login_sessions" in sql]
    assert "Set-Cookie" not in turn.headers and "Set-Cookie" not in ended.headers
    me = staff.get("auth/me").json
    assert me is not None and me["user"]["username"] == "cookie-staff"


def test_a_bad_cookie_on_the_visitor_api_is_left_alone(app: Flask, visitor: FlaskClient) -> None:
    visitor.set_cookie("designer_session", "not-a-signed-session")
    response = visitor.post("/api/v1/chat/desk/sessions", json={})
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers


def test_the_desk_keeps_the_cookie_session_and_csrf(app: Flask, visitor: FlaskClient) -> None:
    add_user(app, "cookie-agent", ["agent"])
    agent = login(app, "cookie-agent")
    assert agent.get("chat/desk/queue").status_code == 200
    session = start(visitor)["session"]["id"]
    refused = agent.client.post(f"/api/v1/chat/desk/sessions/{session}/accept", json={})
    assert refused.status_code == 403
    assert refused.json is not None and refused.json["error"]["code"] == "csrf_failed"


def test_rate_limits_still_apply(app: Flask, visitor: FlaskClient) -> None:
    limits = chat_service(app).runtime.limits
    original = limits.per_address
    limits.per_address = Rate(2, 60)
    try:
        codes = [visitor.post("/api/v1/chat/desk/sessions", json={}).status_code
                 for _ in range(3)]
    finally:
        limits.per_address = original
    assert codes == [201, 201, 429]
