"""What the public chat API does with bad input: unknown sessions, oversized and malformed
messages, floods, markup."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from runtime.chat.host import MAX_TEXT
from tests.designer_ui.chat.conftest import say, start

UNKNOWN = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", f"/api/v1/chat/sessions/{UNKNOWN}/messages", {"text": "hi"}),
    ("GET", f"/api/v1/chat/sessions/{UNKNOWN}", None),
    ("GET", f"/api/v1/chat/sessions/{UNKNOWN}/messages", None),
    ("GET", f"/api/v1/chat/sessions/{UNKNOWN}/events", None),
    ("DELETE", f"/api/v1/chat/sessions/{UNKNOWN}", None),
])
def test_unknown_sessions_are_404(visitor: FlaskClient, method: str, path: str,
                                  body: object) -> None:
    response = visitor.open(path, method=method, json=body)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "session_not_found"


def test_oversized_messages_are_413(visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    too_long = say(visitor, session, text="x" * (MAX_TEXT + 1))
    assert too_long.status_code == 413
    assert too_long.json["error"]["details"] == {"max_length": MAX_TEXT}
    huge = visitor.post(f"/api/v1/chat/sessions/{session}/messages",
                        data='{"text": "' + "y" * 20_000 + '"}',
                        content_type="application/json")
    assert huge.status_code == 413 and huge.json["error"]["code"] == "payload_too_large"
    assert say(visitor, session, text="x" * MAX_TEXT).status_code == 200


@pytest.mark.parametrize(("body", "content_type", "status", "code"), [
    ('{"text": "hi"', "application/json", 400, "invalid_json"),
    ("[1, 2]", "application/json", 400, "invalid_body"),
    ('{"text": "hi", "choice": "bye"}', "application/json", 400, "invalid_body"),
    ("{}", "application/json", 400, "invalid_body"),
    ('{"text": "hi", "admin": true}', "application/json", 400, "invalid_body"),
    ('{"text": 5}', "application/json", 400, "invalid_body"),
    ('{"text": "   "}', "application/json", 400, "empty_message"),
    ("text=hi", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
])
def test_malformed_messages_are_refused(visitor: FlaskClient, body: str, content_type: str,
                                        status: int, code: str) -> None:
    session = start(visitor)["session"]["id"]
    response = visitor.post(f"/api/v1/chat/sessions/{session}/messages", data=body,
                            content_type=content_type)
    assert response.status_code == status and response.json["error"]["code"] == code
    assert visitor.get(f"/api/v1/chat/sessions/{session}").json["last_seq"] == 2


def test_a_malformed_start_is_refused(visitor: FlaskClient) -> None:
    response = visitor.post("/api/v1/chat/desk/sessions", data="{nope",
                            content_type="application/json")
    assert response.status_code == 400
    for fields in ({f"f{i}": "x" for i in range(21)}, {"DNIS": "elsewhere"},
                   {"LastError": "x"}, {"no spaces": "x"}):
        response = visitor.post("/api/v1/chat/desk/sessions", json={"fields": fields})
        assert response.status_code == 400, fields


def test_a_flood_in_one_session_is_429(visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    statuses = [say(visitor, session, text="pizza").status_code for _ in range(20)]
    assert all(status in (200, 409) for status in statuses)
    flooded = say(visitor, session, text="pizza")
    assert flooded.status_code == 429
    assert flooded.json["error"]["code"] == "too_many_requests"
    assert 1 <= int(flooded.headers["Retry-After"]) <= 10
    assert start(visitor)["session"]["id"] != session


def test_a_flood_from_one_address_is_429(app: Flask) -> None:
    crowd = app.test_client()
    crowd.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    statuses = [crowd.get(f"/api/v1/chat/sessions/{UNKNOWN}/messages").status_code
                for _ in range(101)]
    assert statuses[:100] == [404] * 100 and statuses[100] == 429
    assert crowd.post("/api/v1/chat/desk/sessions", json={}).status_code == 429
    assert app.test_client().post("/api/v1/chat/desk/sessions", json={}).status_code == 201


def test_markup_in_messages_is_data(visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    turn = say(visitor, session, text=script)
    assert turn.mimetype == "application/json"
    assert turn.headers["X-Content-Type-Options"] == "nosniff"
    assert turn.json["messages"][0]["text"] == script
