"""A chat flow bound to a test and a live entry point reads each environment's own Business
Controls, and an announcement a business user rewords is said in the next chat without
publishing."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from designer_ui.extensions import db
from designer_ui.models import EntryPoint, EnvironmentBinding, Flow, FlowVersion
from tests.designer_ui.chat.conftest import start
from tests.designer_ui.helpers import Api


def storm_flow() -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": "storm-line",
            "name": "storm-line", "channels": ["chat", "voice"],
            "phases": {"self_service": "storm"}, "blocks": {
                "storm": {"type": "emergency", "props": {"flag": "storm"},
                          "next": {"on": "closed", "off": "hello"}},
                "closed": {"type": "play_message",
                           "props": {"prompts": [{"announcement": "storm-notice"}]},
                           "next": {"next": "done"}},
                "hello": {"type": "play_message", "props": {"prompts": [{"tts": "Open."}]},
                          "next": {"next": "done"}},
                "done": {"type": "terminate", "props": {"reason": "resolved"}}}}


def bind_test_and_live(app: Flask, kind: str, test_address: str, live_address: str) -> None:
    """Version 1 of the storm flow, run by test and live, each at its own entry point."""
    document = storm_flow()
    with app.app_context():
        flow = Flow(id=document["id"], updated_by="tests")
        flow.set_document(document)
        db.session.add(flow)
        db.session.flush()
        db.session.add(FlowVersion(flow_id=flow.id, number=1, document=document,
                                   created_by="tests"))
        for environment, address in (("test", test_address), ("live", live_address)):
            db.session.add(EnvironmentBinding(environment=environment, flow_id=flow.id,
                                              version=1, updated_by="tests"))
            db.session.add(EntryPoint(kind=kind, address=address, flow_id=flow.id,
                                      environment=environment))
        db.session.commit()


def storm_in_test_only(business: Api, notice: str = "We are closed for the storm.") -> None:
    for environment, on in (("test", True), ("live", False)):
        assert business.put(f"/api/v1/business/emergency/storm?environment={environment}",
                            json={"on": on}).status_code == 200
        assert business.put(f"/api/v1/business/announcements/storm-notice?environment="
                            f"{environment}", json={"texts": {"en-US": notice}}).status_code == 200


def test_test_and_live_entry_points_answer_from_their_own_controls_and_announcements(
        app: Flask, visitor: FlaskClient, business: Api) -> None:
    bind_test_and_live(app, "chat", "storm-test", "storm-live")
    storm_in_test_only(business)
    test_turn = start(visitor, "storm-test")
    live_turn = start(visitor, "storm-live")
    assert [m["text"] for m in test_turn["messages"] if m["author"] == "flow"] == [
        "We are closed for the storm."]
    assert [m["text"] for m in live_turn["messages"] if m["author"] == "flow"] == ["Open."]
    assert business.put("/api/v1/business/announcements/storm-notice?environment=test",
                        json={"texts": {"en-US": "Closed until the storm passes."}}
                        ).status_code == 200
    turn = start(visitor, "storm-test")  # the next chat, no publishing in between
    assert "Closed until the storm passes." in [m["text"] for m in turn["messages"]]
