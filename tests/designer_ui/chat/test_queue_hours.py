"""Queue hours on the chat channel, end to end: a visitor routed to a queue outside its hours is
not left waiting — the first round takes the route's `failed` port and `system.LastError` says
the queue is closed; a visitor who was waiting when the queue closed hears the queue's
`at_max_wait` rule at the next round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from designer_ui.extensions import db
from designer_ui.models import BusinessHoursRecord, SpecialDaysRecord
from designer_ui.models.base import utcnow
from designer_ui.models.queues import ABANDONED, Interaction, Queue
from designer_ui.queues import distributor_for
from designer_ui.queues.distributor import Distributor
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.chat.helpers import desk_flow, publish

ENTRY = "desk-hours"
HOLDER = "hours-node"


def _hours_flow() -> dict[str, Any]:
    """The desk flow at `desk-hours`, its route to queue `late`, its failed port reading
    system.LastError."""
    flow = desk_flow("desk-hours-chat")
    blocks = flow["blocks"]
    blocks["queue"]["props"]["target"]["value"] = "late"
    blocks["say_nobody"]["props"]["prompts"] = [
        {"tts": "{{ system.LastError.type }}: {{ system.LastError.message }}"}]
    return flow


def _setup(app: Flask, *, open_now: bool) -> None:
    """Queue `late` keeps the hours `late-hours`: open all week, and closed today unless
    `open_now` (today is a special day with no hours)."""
    with app.app_context():
        first = db.session.execute(db.select(Queue).where(Queue.name == "late")).scalar() is None
        if first:
            db.session.add(Queue(name="late", channels=["chat"], skills={}, hours="late-hours",
                                 at_max_wait="timeout", max_wait_seconds=3 * 86_400))
            db.session.add(BusinessHoursRecord(environment="live", name="late-hours",
                                               schedule={"mon-sun": "24h"}))
            db.session.add(SpecialDaysRecord(environment="live", name="late-hours", days=[]))
        special = db.session.get(SpecialDaysRecord, ("live", "late-hours"))
        assert special is not None
        special.days = [] if open_now else [datetime.now(UTC).date().isoformat()]
        db.session.commit()
    if first:
        publish(app, _hours_flow(), ENTRY)


def _round(app: Flask, distributor: Distributor) -> None:
    with app.app_context():
        try:
            assert distributor.round(db.session).held
        finally:
            db.session.remove()


def _flow_texts(visitor: FlaskClient, session: str) -> list[str]:
    seen = visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=0").json["messages"]
    return [m["text"] for m in seen if m["author"] == "flow"]


def _interaction(app: Flask, session: str) -> Interaction:
    with app.app_context():
        row = db.session.execute(db.select(Interaction).where(
            Interaction.session_id == session)).scalar_one()
        db.session.expunge(row)
        return row


def test_a_chat_routed_to_a_closed_queue_takes_failed_with_the_reason(
        app: Flask, visitor: FlaskClient) -> None:
    _setup(app, open_now=False)
    session = start(visitor, ENTRY)["session"]["id"]
    say(visitor, session, choice="agent")
    assert visitor.get(f"/api/v1/chat/sessions/{session}").json["status"] == "queued"
    _round(app, distributor_for(app, holder=HOLDER))
    assert "QueueClosed: the queue is closed" in _flow_texts(visitor, session)
    row = _interaction(app, session)
    assert (row.state, row.data["gave_up"], row.data["gave_up_reason"]) == (
        ABANDONED, "closed", "closed")


def test_a_chat_waiting_when_the_queue_closes_hears_its_max_wait_rule(
        app: Flask, visitor: FlaskClient) -> None:
    _setup(app, open_now=True)
    session = start(visitor, ENTRY)["session"]["id"]
    say(visitor, session, choice="agent")
    distributor = distributor_for(app, holder=HOLDER)
    _round(app, distributor)  # open: it waits (nobody is ready)
    assert visitor.get(f"/api/v1/chat/sessions/{session}").json["status"] == "queued"
    assert _interaction(app, session).state == "waiting"
    with app.app_context():  # it waited since yesterday; the queue is closed today
        db.session.execute(db.update(Interaction).where(Interaction.session_id == session)
                           .values(enqueued_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    _setup(app, open_now=False)
    _round(app, distributor)
    assert "RouteFailed: route timeout" in _flow_texts(visitor, session)
    row = _interaction(app, session)
    assert (row.data["gave_up"], row.data["gave_up_reason"]) == ("timeout", "closed")
