"""A call whose agent's phone refused it or went away goes back to its queue: waiting again at
its original position (its `enqueued_at` is kept, so it is ahead of later calls), never offered
to that agent again, who becomes not ready unless they declined."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models.base import utcnow
from designer_ui.models.queues import WAITING, AgentProfile, Interaction, Queue
from designer_ui.queues import voice_desk
from designer_ui.queues.distributor import Distributor
from designer_ui.queues.voice_bridge import VoiceBridge
from tests.designer_ui.helpers import Api


def answered_call(app: Flask, as_role: Callable[..., Api]) -> tuple[int, int, int, int]:
    """Two calls queued (the first older), the first offered to and accepted by Ann; returns
    both interactions, Ann's and Bob's ids (Bob not ready yet)."""
    ann, bob = as_role("agent", username="ann"), as_role("agent", username="bob")
    ann_id, bob_id = ann.get("agents/me").json["id"], bob.get("agents/me").json["id"]
    with app.app_context():
        queue = Queue(name="support", channels=["voice"], skills={}, in_queue_flows={},
                      rona_seconds=15)
        db.session.add(queue)
        db.session.commit()
        first = voice_desk.enqueue(db.session, "call-1", queue, (), 0, {},
                                   now=utcnow() - timedelta(seconds=5)).interaction
        second = voice_desk.enqueue(db.session, "call-2", queue, (), 0, {}).interaction
    assert ann.put(f"agents/{ann_id}/state", json={"state": "ready"}).status_code == 200
    with app.app_context():
        Distributor("node", [VoiceBridge(lambda: db.session)]).round(db.session)
    assert ann.post(f"agents/me/offers/{first}/accept").status_code == 200
    return first, second, ann_id, bob_id


@pytest.mark.parametrize(("reason", "ann_after"), [
    (voice_desk.AGENT_LOST, ("not_ready", "Phone lost mid-call")),
    (voice_desk.AGENT_UNREACHABLE, ("not_ready", "Phone did not answer")),
    (voice_desk.AGENT_DECLINED, ("ready", "")),
])
def test_a_requeued_call_keeps_its_place_and_goes_to_another_agent(
        app: Flask, as_role: Callable[..., Api], reason: str,
        ann_after: tuple[str, str]) -> None:
    first, second, ann_id, bob_id = answered_call(app, as_role)
    with app.app_context():
        enqueued_at = db.session.get(Interaction, first).enqueued_at  # type: ignore[union-attr]
        assert voice_desk.poll(db.session, first).state == "answered"
        assert voice_desk.requeue(db.session, first, reason) is True
        row = db.session.get(Interaction, first)
        assert row is not None
        assert (row.state, row.agent_id, row.answered_at) == (WAITING, None, None)
        assert row.enqueued_at == enqueued_at and row.declined_by == [ann_id]
        assert row.data["voice"]["where"] == "queued"
        assert voice_desk.poll(db.session, first).position == 1  # still ahead of call-2
        assert voice_desk.poll(db.session, second).position == 2
        ann = db.session.get(AgentProfile, ann_id)
        assert ann is not None and (ann.state, ann.reason) == ann_after
        bob = db.session.get(AgentProfile, bob_id)
        assert bob is not None
        bob.state = "ready"
        db.session.commit()
        report = Distributor("node", [VoiceBridge(lambda: db.session)]).round(db.session)
    offered = dict(report.offers)
    assert offered.get(first) == bob_id  # the oldest call first, and never back to Ann
    if ann_after[0] == "ready":
        assert offered.get(second) == ann_id


def test_a_call_no_longer_open_is_not_requeued(app: Flask, as_role: Callable[..., Api]) -> None:
    first, _, _, _ = answered_call(app, as_role)
    with app.app_context():
        voice_desk.mark(db.session, first, "gone")
        Distributor("node", [VoiceBridge(lambda: db.session)]).round(db.session)
        assert voice_desk.requeue(db.session, first, voice_desk.AGENT_LOST) is False
        assert voice_desk.requeue(db.session, 999_999, voice_desk.AGENT_LOST) is False
        with pytest.raises(ValueError, match="unknown requeue reason"):
            voice_desk.requeue(db.session, first, "bored")
