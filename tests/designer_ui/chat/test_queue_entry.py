"""A chat entry point that names a queue: the visitor goes straight into the queue (no flow of
the entry point's own), the distributor offers the chat to a ready agent of that queue, and a
visitor who arrives while the queue is closed is told so."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from designer_ui.extensions import db
from designer_ui.models import BusinessHoursRecord, EntryPoint
from designer_ui.models.queues import Interaction, Queue
from designer_ui.queues import distributor_for
from tests.designer_ui.chat.conftest import start
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api

HOLDER = "queue-entry-node"


def _entry(app: Flask, key: str, queue: str, hours: str | None = None) -> None:
    with app.app_context():
        made = Queue(name=queue, channels=["chat"], skills={}, hours=hours)
        db.session.add(made)
        db.session.flush()
        db.session.add(EntryPoint(kind="chat", address=key, flow_id=None, queue_id=made.id,
                                  environment="live", fields={}))
        db.session.commit()


def _round(app: Flask) -> None:
    with app.app_context():
        try:
            assert distributor_for(app, holder=HOLDER).round(db.session).held
        finally:
            db.session.remove()


def test_a_chat_entry_naming_a_queue_goes_straight_into_it(
        app: Flask, visitor: FlaskClient, agent_api: Callable[[str], Api]) -> None:
    _entry(app, "help-now", "help-now-queue")
    manager = Api(app.test_client(), token=add_token(app, add_user(app, "qe-boss", ["business"])))
    agent = agent_api("qe-ann")
    me = agent.get("agents/me").json
    assert manager.put(f"agents/{me['id']}/profile", json={
        "skills": {}, "channels": ["chat"], "capacity": {"chat": 1}}).status_code == 200
    assert agent.put(f"agents/{me['id']}/state", json={"state": "ready"}).status_code == 200
    started = start(visitor, "help-now")
    session = started["session"]["id"]
    assert visitor.get(f"/api/v1/chat/sessions/{session}").json["status"] == "queued"
    _round(app)
    offers = agent.get("agents/me").json["offers"]
    assert [(o["session_id"], o["queue"]) for o in offers] == [(session, "help-now-queue")]


def test_a_closed_queue_entry_tells_the_visitor(app: Flask, visitor: FlaskClient) -> None:
    with app.app_context():
        db.session.add(BusinessHoursRecord(environment="live", name="never",
                                           schedule={"mon-sun": "closed"}))
        db.session.commit()
    _entry(app, "help-closed", "closed-queue", hours="never")
    session = start(visitor, "help-closed")["session"]["id"]
    _round(app)
    seen = visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=0").json["messages"]
    assert "Sorry, nobody can take your chat now: the queue is closed." in [
        m["text"] for m in seen if m["author"] == "flow"]
    with app.app_context():
        row = db.session.execute(db.select(Interaction).where(
            Interaction.session_id == session)).scalar_one()
        assert row.data["gave_up"] == "closed"
