"""Agents belong to environments: of two chat entry points of one flow, bound to `test` and
`live`, a chat started at the test one is offered only to the test agent, one started at the
live one only to the live agent, though both are ready with the same skills."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from designer_ui.extensions import db
from designer_ui.models import EntryPoint, EnvironmentBinding
from designer_ui.models.queues import Interaction
from designer_ui.queues import distributor_for
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api

TEST_ENTRY = "desk-test"


def _bind_test_entry(app: Flask) -> None:
    """The module's `desk` flow (live at `desk`) also runs in test, at `desk-test`."""
    with app.app_context():
        if db.session.get(EnvironmentBinding, ("test", "desk-chat")) is None:
            db.session.add(EnvironmentBinding(environment="test", flow_id="desk-chat",
                                              version=1, updated_by="tests"))
            db.session.add(EntryPoint(kind="chat", address=TEST_ENTRY, flow_id="desk-chat",
                                      environment="test", fields={"Brand": "Acme"}))
            db.session.commit()


def _agent(agent_api: Callable[[str], Api], manager: Api, name: str,
           environments: list[str]) -> tuple[Api, int]:
    api = agent_api(name)
    me = api.get("agents/me").json
    assert me["environments"] == ["dev", "test", "live"]  # the default: every environment
    profile = manager.put(f"agents/{me['id']}/profile", json={
        "skills": {"orders": 5}, "channels": ["chat"], "capacity": {"chat": 2},
        "environments": environments})
    assert profile.status_code == 200, profile.json
    assert profile.json["environments"] == environments
    assert api.put(f"agents/{me['id']}/state", json={"state": "ready"}).status_code == 200
    return api, int(me["id"])


def _offers(api: Api) -> list[dict[str, Any]]:
    offers: list[dict[str, Any]] = api.get("agents/me").json["offers"]
    return offers


def test_a_test_chat_reaches_only_the_test_agent(app: Flask, visitor: FlaskClient,
                                                 agent_api: Callable[[str], Api]) -> None:
    _bind_test_entry(app)
    manager = Api(app.test_client(), token=add_token(app, add_user(app, "boss", ["business"])))
    if not any(q["name"] == "care" for q in manager.get("queues").json):
        made = manager.post("queues", json={"name": "care", "channels": ["chat"]})
        assert made.status_code == 201, made.json
    live_agent, live_id = _agent(agent_api, manager, "lena", ["live"])
    test_agent, test_id = _agent(agent_api, manager, "theo", ["test"])
    bad = manager.put(f"agents/{test_id}/profile", json={"environments": ["staging"]})
    assert bad.status_code == 400
    assert manager.put(f"agents/{test_id}/profile",
                       json={"environments": []}).status_code == 400

    test_chat = start(visitor, entry=TEST_ENTRY, visitor_id="v-test")["session"]["id"]
    say(visitor, test_chat, choice="agent")
    distributor = distributor_for(app, holder="node-env")
    with app.app_context():
        try:
            first = distributor.round(db.session)
            row = db.session.execute(db.select(Interaction).where(
                Interaction.session_id == test_chat)).scalar_one()
            assert row.environment == "test"
        finally:
            db.session.remove()
    assert first.offers == [(row.id, test_id)]
    assert [o["session_id"] for o in _offers(test_agent)] == [test_chat]
    assert _offers(live_agent) == []

    live_chat = start(visitor, visitor_id="v-live")["session"]["id"]
    say(visitor, live_chat, choice="agent")
    with app.app_context():
        try:
            second = distributor.round(db.session)
        finally:
            db.session.remove()
    assert [agent for _, agent in second.offers] == [live_id]
    assert [o["session_id"] for o in _offers(live_agent)] == [live_chat]
    assert [o["environment"] for o in _offers(test_agent)] == ["test"]
