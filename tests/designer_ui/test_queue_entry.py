"""The built-in flow of an entry point that names a queue, and the voice side of it: a call to
such a number starts with a `route` to the queue (the worker then runs the queue's in-queue
flow), and a failed route tells the caller why."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import EntryPoint
from designer_ui.models.queues import Queue
from designer_ui.queue_entry import (
    QUEUE_ENTRY_FLOW,
    compiled_queue_entry,
    queue_entry_version,
    queue_of_version,
)
from designer_ui.voice_source import DesignerFlowSource
from interpreter.engine.effects import Route, Say
from interpreter.engine.engine import Engine
from interpreter.engine.events import RouteResult

NUMBER = "+18005550777"


def test_versions_name_their_queue() -> None:
    assert queue_of_version(queue_entry_version("sales.eu")) == "sales.eu"
    assert queue_of_version("3") is None and queue_of_version("queue:") is None


def test_the_built_in_flow_routes_and_apologises_with_the_reason() -> None:
    flow = compiled_queue_entry("support")
    assert flow.id == QUEUE_ENTRY_FLOW and flow.version == "queue:support"
    engine = Engine()
    step = engine.start(flow, channel="voice")
    routes = [e for e in step.effects if isinstance(e, Route)]
    assert [(r.target_type, r.target) for r in routes] == [("queue", "support")]
    after = engine.resume(flow, step.state, RouteResult("closed"))
    said = [e.text for e in after.effects if isinstance(e, Say)]
    assert said == ["Sorry, nobody can take your call now: the queue is closed."]


def test_a_number_naming_a_queue_starts_the_call_in_it(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        queue = Queue(name="phone-support", channels=["voice"], skills={})
        db.session.add(queue)
        db.session.flush()
        db.session.add(EntryPoint(kind="phone", address=NUMBER, flow_id=None,
                                  queue_id=queue.id, environment="test", fields={}))
        db.session.commit()
    source = DesignerFlowSource(app, tmp_path / "audio")
    try:
        flow = source.flow_for(NUMBER)
        assert flow is not None and flow.environment == "test"
        step = Engine().start(flow.compiled, channel="voice", system={"DNIS": NUMBER},
                              host=flow.services)
        routes = [e for e in step.effects if isinstance(e, Route)]
        assert [(r.target_type, r.target) for r in routes] == [("queue", "phone-support")]
    finally:
        source.context.pop()
