"""The Designer source's queue desk, as a voice worker uses it from its job pool: a voice
queue takes the call and names its in-queue flow (the version the call's environment runs);
a name that is no voice queue is not taken; polls give position and then the agent's address;
marks reach the interaction row."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models.queues import Interaction, Queue
from designer_ui.voice_source import DesignerFlowSource
from runtime.voice.queue_desk import queue_desk_of
from tests.designer_ui.helpers import Api

WAIT_FLOW = {"format": "designer-flow", "format_version": 1, "id": "support-wait",
             "name": "Support wait", "kind": "in_queue", "channels": ["voice"],
             "phases": {"self_service": "announce"},
             "blocks": {"announce": {"type": "menu", "props": {
                 "prompts": [{"tts": "You are caller {{system.Queue.position}}."}],
                 "options": [{"key": "9", "label": "Leave"}]}, "next": {"9": "leave", "noinput": "announce",
                                                      "nomatch": "announce"}},
                 "leave": {"type": "terminate", "props": {"reason": "leave"}}}}


def test_the_designer_desk_queues_polls_and_marks_a_call(
        app: Flask, as_role: Callable[..., Api], tmp_path: Path) -> None:
    admin = as_role("admin", "developer", "business")
    assert admin.create_flow(WAIT_FLOW).status_code == 201
    assert admin.post("flows/support-wait/versions", json={"comment": "v1"}).status_code == 201
    assert admin.put("environments/test/flows/support-wait", json={"version": 1}
                     ).status_code == 200
    with app.app_context():
        db.session.add(Queue(name="support", channels=["voice"], skills={},
                             in_queue_flows={"voice": "support-wait"}))
        db.session.add(Queue(name="web", channels=["chat"], skills={}, in_queue_flows={}))
        db.session.commit()
    source = DesignerFlowSource(app, tmp_path / "audio", agent_uri="sip:{username}@pbx")
    try:
        desk = queue_desk_of(source)
        assert desk is not None
        with ThreadPoolExecutor(1) as pool:  # as the worker's job pool calls it
            assert pool.submit(desk.enqueue, "call-0", "web", (), 0, {}).result() is None
            ticket = pool.submit(desk.enqueue, "call-1", "support", ("en",), 5,
                                 {"account": "42"}).result()
            assert ticket is not None and ticket.in_queue_flow == "support-wait"
            flow = pool.submit(desk.in_queue_flow, "support-wait", "test").result()
            assert flow is not None and flow.compiled.flow.kind == "in_queue"
            assert pool.submit(desk.in_queue_flow, "support-wait", "live").result() is None
            status = pool.submit(desk.poll, ticket).result()
            assert (status.state, status.position, status.waiting) == ("waiting", 1, True)
            pool.submit(desk.mark, ticket, "elsewhere").result()
        with app.app_context():
            row = db.session.get(Interaction, ticket.interaction)
            assert row is not None and row.data["voice"]["where"] == "elsewhere"
            assert row.data["account"] == "42" and row.priority == 5
    finally:
        source.context.pop()
