"""Chat on the queue model end to end: a visitor routed to a queue is offered to the ready
agent with the right skill who has been idle longest; unanswered, the offer rings out (RONA) to
the next agent and the first becomes not ready; the second accepts and the chat is theirs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from designer_ui.extensions import db
from designer_ui.models.base import utcnow
from designer_ui.queues import distributor_for
from designer_ui.queues.distributor import Distributor, RoundReport
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api


def _round(app: Flask, distributor: Distributor, later_s: float = 0.0) -> RoundReport:
    with app.app_context():
        try:
            return distributor.round(db.session, utcnow() + timedelta(seconds=later_s))
        finally:
            db.session.remove()


def _agent(app: Flask, agent_api: Callable[[str], Api], manager: Api, name: str,
           skills: dict[str, int]) -> tuple[Api, int]:
    api = agent_api(name)
    me = api.get("agents/me")
    assert me.status_code == 200, me.json
    profile = manager.put(f"agents/{me.json['id']}/profile",
                          json={"skills": skills, "channels": ["chat"], "capacity": {"chat": 2}})
    assert profile.status_code == 200, profile.json
    ready = api.put(f"agents/{me.json['id']}/state", json={"state": "ready"})
    assert ready.status_code == 200 and ready.json["state"] == "ready"
    return api, me.json["id"]


def _care_queue(manager: Api) -> int:
    """The flow's queue `care` (the module's app keeps it from test to test)."""
    found = [q["id"] for q in manager.get("queues").json if q["name"] == "care"]
    if found:
        return int(found[0])
    made = manager.post("queues", json={"name": "care", "channels": ["chat"],
                                        "rona_seconds": 10})
    assert made.status_code == 201, made.json
    return int(made.json["id"])


def test_offer_rona_and_accept(app: Flask, visitor: FlaskClient,
                               agent_api: Callable[[str], Api]) -> None:
    manager = Api(app.test_client(), token=add_token(app, add_user(app, "boss", ["business"])))
    queue_id = _care_queue(manager)
    carl, _ = _agent(app, agent_api, manager, "carl", {})
    ann, ann_id = _agent(app, agent_api, manager, "ann", {"orders": 2})
    bob, bob_id = _agent(app, agent_api, manager, "bob", {"orders": 1})

    session = start(visitor, visitor_id="v-1")["session"]["id"]
    say(visitor, session, choice="agent")
    distributor = distributor_for(app, holder="node-a")
    first = _round(app, distributor)
    assert first.held and [agent for _, agent in first.offers] == [ann_id]
    offers = ann.get("agents/me").json["offers"]
    assert [(o["session_id"], o["queue"]) for o in offers] == [(session, "care")]
    assert carl.get("agents/me").json["offers"] == []

    rona = _round(app, distributor, later_s=11)
    assert [agent for _, agent in rona.rona] == [ann_id]
    assert [agent for _, agent in rona.offers] == [bob_id]
    ann_now = ann.get("agents/me").json
    assert (ann_now["state"], ann_now["reason"], ann_now["offers"]) == ("not_ready", "RONA", [])
    interaction = offers[0]["id"]
    assert ann.post(f"agents/me/offers/{interaction}/accept").status_code == 409

    accepted = bob.post(f"agents/me/offers/{interaction}/accept")
    assert accepted.status_code == 200, accepted.json
    assert bob.post(f"agents/me/offers/{interaction}/accept").status_code == 409
    detail = bob.get(f"chat/desk/sessions/{session}").json["session"]
    assert (detail["status"], detail["agent"]) == ("agent", "bob")

    _round(app, distributor)
    assert bob.post(f"chat/desk/sessions/{session}/end").status_code == 200
    _round(app, distributor)
    realtime = manager.get(f"queues/{queue_id}/realtime").json
    assert realtime["waiting"] == 0 and realtime["service_level"] == 100.0
    assert realtime["agents"]["ready"] == 2 and realtime["agents"]["not_ready"] == 1
    now = utcnow()
    intervals = manager.get(f"queues/{queue_id}/intervals", query_string={
        "start": (now - timedelta(hours=1)).isoformat(), "end": now.isoformat(),
        "size": 3600}).json
    assert [(i["offered"], i["answered"], i["abandoned"]) for i in intervals] == [(1, 1, 0)]


def test_a_visitor_who_leaves_is_abandoned_not_offered(
        app: Flask, visitor: FlaskClient, agent_api: Callable[[str], Api]) -> None:
    manager = Api(app.test_client(), token=add_token(app, add_user(app, "boss2", ["business"])))
    queue_id = _care_queue(manager)
    session = start(visitor)["session"]["id"]
    say(visitor, session, choice="agent")
    distributor = distributor_for(app, holder="node-a")
    _round(app, distributor)
    assert manager.get(f"queues/{queue_id}/realtime").json["waiting"] == 1
    visitor.delete(f"/api/v1/chat/sessions/{session}")
    ann, _ = _agent(app, agent_api, manager, "ann2", {"orders": 1})
    assert _round(app, distributor).offers == []
    assert manager.get(f"queues/{queue_id}/realtime").json["waiting"] == 0
    assert ann.get("agents/me").json["offers"] == []
