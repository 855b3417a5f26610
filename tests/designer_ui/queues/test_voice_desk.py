"""Voice calls in queues through the database the media workers share with the Designer: a
worker enqueues its call and polls position and estimated wait; the distributor (with the
voice bridge) offers it to a ready agent; the agent's accept tells the worker whom to dial; the
call counts as with its agent until the worker says it is back in its flow; a call whose worker
stopped polling is abandoned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models.base import utcnow
from designer_ui.models.queues import ABANDONED, CONNECTED, ENDED, Interaction, Queue
from designer_ui.queues import voice_desk
from designer_ui.queues.distributor import Distributor
from designer_ui.queues.voice_bridge import VoiceBridge
from tests.designer_ui.helpers import Api


def state_of(app: Flask, interaction: int) -> str:
    with app.app_context():
        row = db.session.get(Interaction, interaction)
        assert row is not None
        return row.state


def test_a_queued_call_is_offered_answered_and_ended(app: Flask,
                                                     as_role: Callable[..., Api]) -> None:
    ann = as_role("agent", username="ann")
    ann_id = ann.get("agents/me").json["id"]
    with app.app_context():
        queue = Queue(name="support", channels=["voice"], skills={},
                      in_queue_flows={"voice": "support-wait"}, rona_seconds=15)
        db.session.add(queue)
        db.session.commit()
        assert voice_desk.voice_queue(db.session, "nope") is None
        queue_ = voice_desk.voice_queue(db.session, "support")
        assert queue_ is not None
        first = voice_desk.enqueue(db.session, "call-1", queue_, (), 0, {"account": "42"},
                                   now=utcnow() - timedelta(seconds=5))
        second = voice_desk.enqueue(db.session, "call-2", queue_, (), 0, {})
        assert first.in_queue_flow == "support-wait"
        assert voice_desk.poll(db.session, first.interaction).position == 1
        waiting = voice_desk.poll(db.session, second.interaction)
        assert waiting.position == 2
        assert waiting.ewt_s > 0  # nobody staffed yet: the longest estimate
    assert ann.put(f"agents/{ann_id}/state", json={"state": "ready"}).status_code == 200
    distributor = Distributor("node", [VoiceBridge(lambda: db.session)])
    with app.app_context():
        report = distributor.round(db.session)
        assert report.offers == [(first.interaction, ann_id)]
        status = voice_desk.poll(db.session, second.interaction)
        assert status.position == 2 and 0 < status.ewt_s < 3600  # the first is only offered
    offers = ann.get("agents/me").json["offers"]
    assert [offer["id"] for offer in offers] == [first.interaction]
    assert ann.post(f"agents/me/offers/{first.interaction}/accept").status_code == 200
    with app.app_context():
        answered = voice_desk.poll(db.session, first.interaction,
                                   agent_uri="sip:agent-{username}@127.0.0.1:5060")
        assert (answered.state, answered.agent_uri) == ("answered",
                                                        "sip:agent-ann@127.0.0.1:5060")
        assert voice_desk.poll(db.session, second.interaction).position == 1
        distributor.round(db.session)  # not yet dialled: still with its agent
        assert state_of(app, first.interaction) == CONNECTED
        voice_desk.mark(db.session, first.interaction, "elsewhere")  # agent hung up first
        distributor.round(db.session)
    assert state_of(app, first.interaction) == ENDED


def test_a_call_whose_worker_stopped_polling_is_abandoned(app: Flask) -> None:
    with app.app_context():
        queue = Queue(name="sales", channels=["voice"], skills={}, in_queue_flows={})
        db.session.add(queue)
        db.session.commit()
        ticket = voice_desk.enqueue(db.session, "call-9", queue, (), 0, {},
                                    now=utcnow() - timedelta(seconds=60))
        db.session.execute(sa.update(Interaction).values(data={"voice": {
            "where": "queued", "seen": (utcnow() - timedelta(seconds=60)).timestamp()}}))
        db.session.commit()
        Distributor("node", [VoiceBridge(lambda: db.session, stale_s=15)]).round(db.session)
        assert voice_desk.poll(db.session, ticket.interaction).state == "over"
    assert state_of(app, ticket.interaction) == ABANDONED


def test_positions_count_priority_then_arrival(app: Flask) -> None:
    """The caller ahead of another has a higher priority, or the same and an earlier arrival;
    offered calls still count, answered ones no longer do."""
    with app.app_context():
        queue = Queue(name="billing", channels=["voice"], skills={}, in_queue_flows={})
        db.session.add(queue)
        db.session.commit()
        start = utcnow() - timedelta(seconds=30)
        early = voice_desk.enqueue(db.session, "early", queue, (), 0, {}, now=start)
        late = voice_desk.enqueue(db.session, "late", queue, (), 0, {},
                                  now=start + timedelta(seconds=5))
        vip = voice_desk.enqueue(db.session, "vip", queue, (), 5, {},
                                 now=start + timedelta(seconds=10))
        positions = {name: voice_desk.poll(db.session, ticket.interaction).position
                     for name, ticket in (("early", early), ("late", late), ("vip", vip))}
        assert positions == {"vip": 1, "early": 2, "late": 3}
        db.session.execute(sa.update(Interaction).where(Interaction.id == vip.interaction)
                           .values(state=CONNECTED))
        db.session.commit()
        assert voice_desk.poll(db.session, late.interaction).position == 2


def test_a_poll_rewrites_the_seen_time_only_when_due(app: Flask) -> None:
    """Hundreds of waiting calls poll every second: a poll writes the call's `seen` time only
    when it is older than the refresh period, so the distributor still sees a live call."""
    def seen_of(interaction: int) -> float:
        row = db.session.get(Interaction, interaction, populate_existing=True)
        assert row is not None
        return float(row.data["voice"]["seen"])

    with app.app_context():
        queue = Queue(name="refunds", channels=["voice"], skills={}, in_queue_flows={})
        db.session.add(queue)
        db.session.commit()
        start = utcnow()
        ticket = voice_desk.enqueue(db.session, "call-r", queue, (), 0, {}, now=start)
        voice_desk.poll(db.session, ticket.interaction, now=start + timedelta(seconds=1))
        assert seen_of(ticket.interaction) == start.timestamp()  # fresh: nothing written
        due = start + timedelta(seconds=voice_desk.SEEN_REFRESH_S + 1)
        voice_desk.poll(db.session, ticket.interaction, now=due)
        assert seen_of(ticket.interaction) == due.timestamp()
        assert VoiceBridge(lambda: db.session, stale_s=15).place("call-r").where == "queued"


def test_a_poll_never_notes_a_connected_call_as_queued(app: Flask) -> None:
    """A poll reads the row, then writes where the call is: when an agent's accept commits in
    between, the write of the poll's older data must not mark the connected call as queued
    again (the distributor would then treat it as waiting)."""
    with app.app_context():
        queue = Queue(name="claims", channels=["voice"], skills={}, in_queue_flows={})
        db.session.add(queue)
        db.session.commit()
        ticket = voice_desk.enqueue(db.session, "call-c", queue, (), 0, {})
        read = db.session.get(Interaction, ticket.interaction)
        assert read is not None
        stale = dict(read.data)
        voice_desk.hand_to_agent(read)  # the accept: with its agent, connected
        read.state = CONNECTED
        db.session.commit()
        voice_desk._write_seen(db.session, ticket.interaction, stale, "queued", utcnow(),
                               state="waiting")  # the poll that read the row before the accept
        row = db.session.get(Interaction, ticket.interaction, populate_existing=True)
        assert row is not None and row.state == CONNECTED
        assert row.data["voice"]["where"] == "with_agent"
