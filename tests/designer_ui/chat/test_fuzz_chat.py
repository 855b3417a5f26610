"""Fuzzing the chat API: the visitor's and the agent desk's routes with hostile bodies, session
ids, cursors and query strings, against live sessions in each session store. No 500, every
refusal in the error shape, and a chat still works afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.designer_ui.chat.conftest import chat_app, close_app, say, start
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.fuzz_inputs import INT_PATH_VALUES, assert_handled, deep_json, request_for
from tests.runtime.sessions.stores import drop_prefix, require_redis, store_url

FUZZ_EXAMPLES = int(os.environ.get("DESIGNER_FUZZ_EXAMPLES", "300"))
OPEN_LIMITS = {"CHAT_RATE_SESSION": "100000/10", "CHAT_RATE_IP": "100000/60",
               "CHAT_STREAM_SECONDS": 0.2, "CHAT_KEEPALIVE_SECONDS": 0.1}


class ChatTarget:
    def __init__(self, app: Flask):
        self.app = app
        visitor = app.test_client()
        self.sessions = [start(visitor)["session"]["id"] for _ in range(3)]
        self.agent_token = add_token(app, add_user(app, "fuzz-agent", ["agent", "admin"]))
        self.rules = sorted((rule for rule in app.url_map.iter_rules()
                             if rule.rule.startswith("/api/v1/chat/")), key=lambda r: r.rule)

    def send(self, request: dict[str, Any], *, agent: bool) -> None:
        headers = {"Authorization": f"Bearer {self.agent_token}"} if agent else {}
        response = self.app.test_client().open(headers=headers, **request)
        try:
            assert_handled(response, request)
        finally:
            response.close()


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[ChatTarget]:
    folder = tmp_path_factory.mktemp(f"chat-fuzz-{request.param}")
    prefix = f"cfd-chat-fuzz-{folder.name}:"
    if request.param == "redis":
        require_redis()
    app = chat_app(folder, request, store_url(request.param, folder, prefix), **OPEN_LIMITS)
    yield ChatTarget(app)
    close_app(app)
    if request.param == "redis":
        drop_prefix(prefix)


@st.composite
def chat_request(draw: st.DrawFn, target: ChatTarget) -> dict[str, Any]:
    rule = draw(st.sampled_from(target.rules))
    request: dict[str, Any] = draw(request_for(target.app, rule))
    if "<session_id>" in rule.rule and draw(st.booleans()):
        real = draw(st.sampled_from(target.sessions))
        path, _, query = request["path"].partition("?")
        pattern = re.escape(rule.rule).replace(re.escape("<session_id>"), "([^/]*)")
        found = re.fullmatch(pattern, path)
        if found:
            path = path[:found.start(1)] + real + path[found.end(1):]
        request["path"] = path + ("?" + query if query else "")
    if draw(st.integers(0, 3)) == 0:
        cursor = draw(st.sampled_from([*INT_PATH_VALUES, "x", "1.5", "", "-0", "٣"]))
        separator = "&" if "?" in request["path"] else "?"
        request["path"] += f"{separator}after={cursor}"
    return request


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_chat_route_answers_500(target: ChatTarget, data: st.DataObject) -> None:
    request = data.draw(chat_request(target), label="request")
    target.send(request, agent=data.draw(st.booleans(), label="agent"))


@pytest.mark.parametrize("body", [
    deep_json(2000), deep_json(2000, kind="object"), '{"text": "hi", "client_message_id": "\\ud800"}',
    '{"text": "\\udfff"}', '{"choice": "\\ud800"}', '{"text": "a\\u0000b"}',
    '{"text": "hi", "client_message_id": 99999999999999999999}', '{"text": 1e999}'])
def test_hostile_messages_are_400(target: ChatTarget, body: str) -> None:
    session = target.sessions[0]
    client = target.app.test_client()
    before = client.get(f"/api/v1/chat/sessions/{session}").json["last_seq"]
    response = client.post(f"/api/v1/chat/sessions/{session}/messages", data=body,
                           content_type="application/json")
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] in ("json_too_deep", "invalid_text", "invalid_body")
    assert client.get(f"/api/v1/chat/sessions/{session}").json["last_seq"] == before


@pytest.mark.parametrize("cursor", ["9" * 30, "99999999999999999999", "2147483648"])
def test_huge_cursors_are_400(target: ChatTarget, cursor: str) -> None:
    client = target.app.test_client()
    session = target.sessions[1]
    for path in (f"/api/v1/chat/sessions/{session}/messages?after={cursor}",
                 f"/api/v1/chat/sessions/{session}/events?after={cursor}"):
        response = client.get(path)
        assert response.status_code == 400, (path, response.json)
        assert set(response.json["error"]) == {"code", "message", "details"}
    events = client.get(f"/api/v1/chat/sessions/{session}/events",
                        headers={"Last-Event-ID": cursor})
    assert events.status_code == 400


def test_a_chat_still_works_after_the_fuzz(target: ChatTarget) -> None:
    visitor = target.app.test_client()
    session = start(visitor)["session"]["id"]
    answer = say(visitor, session, choice="bye")
    assert answer.status_code == 200, answer.json
    assert visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=0").status_code == 200
