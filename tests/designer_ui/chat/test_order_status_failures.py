"""The shipped order-status example through the chat API when the order look-up fails.

A 5xx answer with a JSON body (or a 404, then 'Talk to a person') leaves `order.status`
undefined in the handoff data; the session must still save, reach the queue, and show the
agent the data without the undefined member, on both session stores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.designer_ui.chat.conftest import chat_app, close_app, say, start
from tests.designer_ui.chat.helpers import BROKEN_ORDER, order_service, order_status_flow, publish
from tests.designer_ui.helpers import Api
from tests.runtime.sessions.stores import drop_prefix, require_redis, store_url


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def module_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp(f"orders-{request.param}")
    prefix = f"cfd-orders-{folder.name}:"
    if request.param == "redis":
        require_redis()
    with order_service() as orders:
        app = chat_app(folder, request, store_url(request.param, folder, prefix),
                       HTTP_ALLOWLIST="127.0.0.1")
        publish(app, order_status_flow(orders), "order-status")
        yield app
        close_app(app)
    if request.param == "redis":
        drop_prefix(prefix)


def _queued_data(agent_api: Callable[[str], Api], session_id: str) -> dict[str, Any]:
    response = agent_api("ann").get(f"/api/v1/chat/desk/sessions/{session_id}")
    assert response.status_code == 200, response.json
    session: dict[str, Any] = response.json["session"]
    assert session["status"] == "queued", session
    data: dict[str, Any] = session["data"]
    return data


def test_a_5xx_with_a_json_body_reaches_the_queue(visitor: FlaskClient,
                                                  agent_api: Callable[[str], Api]) -> None:
    session = start(visitor, "order-status")["session"]
    answer = say(visitor, session["id"], text=BROKEN_ORDER, client_message_id="m-1")
    assert answer.status_code == 200, answer.json
    assert answer.json["session"]["status"] == "queued"
    texts = [message["text"] for message in answer.json["messages"]]
    assert any("order system isn't answering" in text for text in texts)
    assert _queued_data(agent_api, session["id"]) == {
        "handoff_reason": "order_system_unavailable", "order_number": BROKEN_ORDER,
        "orders_looked_up": 1}
    retried = say(visitor, session["id"], text=BROKEN_ORDER, client_message_id="m-1")
    assert retried.status_code == 200 and retried.json["duplicate"] is True


def test_not_found_then_talk_to_a_person_reaches_the_queue(
        visitor: FlaskClient, agent_api: Callable[[str], Api]) -> None:
    session = start(visitor, "order-status")["session"]
    missing = say(visitor, session["id"], text="NW-99999")
    assert missing.status_code == 200, missing.json
    assert any("couldn't find order NW-99999" in message["text"]
               for message in missing.json["messages"])
    person = say(visitor, session["id"], choice="agent")
    assert person.status_code == 200, person.json
    assert person.json["session"]["status"] == "queued"
    assert _queued_data(agent_api, session["id"]) == {
        "handoff_reason": "customer_request", "order_number": "NW-99999",
        "orders_looked_up": 1}
