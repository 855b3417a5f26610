"""Chat sessions run published versions: the one the entry point's environment names (a
promotion applies to new chats), and the modules they call, by version or `@latest`."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer_ui.chat import chat_service
from designer_ui.extensions import db
from designer_ui.models import EnvironmentBinding, FlowVersion
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.chat.helpers import publish


def _flow(flow_id: str, blocks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": flow_id, "name": flow_id,
            "channels": ["chat"], "phases": {"self_service": next(iter(blocks))},
            "blocks": blocks, **extra}


def ask_name_module() -> dict[str, Any]:
    return _flow("ask-name", {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Your name?"}],
                                           "variable": "said", "grammar": "text"},
                "next": {"next": "give"}},
        "give": {"type": "return", "props": {"outputs": {"name": "said"}}},
    }, kind="module", variables={"said": {"type": "string", "default": None},
                                 "name": {"type": "string", "default": None}},
        outputs=["name"])


def greeter(flow_id: str, module_ref: str) -> dict[str, Any]:
    return _flow(flow_id, {
        "who": {"type": "module", "props": {"module": module_ref, "outputs": {"name": "name"}},
                "next": {"next": "hello"}},
        "hello": {"type": "play_message", "props": {"prompts": [{"tts": "Hi {{ name }}!"}]},
                  "next": {"next": "done"}},
        "done": {"type": "terminate", "props": {"reason": "resolved"}},
    }, variables={"name": {"type": "string", "default": None}})


@pytest.mark.parametrize("module_ref", ["ask-name@1", "ask-name@latest"])
def test_modules_are_resolved_from_published_versions(app: Flask, visitor: FlaskClient,
                                                      module_ref: str) -> None:
    with app.app_context():
        known = db.session.get(EnvironmentBinding, ("live", "ask-name")) is not None
    if not known:
        publish(app, ask_name_module(), "ask-name-direct")
    entry = "greet-" + module_ref.split("@")[1]
    publish(app, greeter(entry, module_ref), entry)
    first = start(visitor, entry)
    assert [m["text"] for m in first["messages"]] == ["Your name?"]
    turn = say(visitor, first["session"]["id"], text="Zoë").json
    assert "Hi Zoë!" in [m["text"] for m in turn["messages"]]


def test_a_promotion_applies_to_new_chats(app: Flask, visitor: FlaskClient) -> None:
    publish(app, greeter("promoted", "nothing@1"), "promoted")
    with app.app_context():
        second = greeter("promoted", "nothing@1")
        second["blocks"] = {"hello": {"type": "play_message",
                                      "props": {"prompts": [{"tts": "Version two."}]}}}
        second["phases"] = {"self_service": "hello"}
        db.session.add(FlowVersion(flow_id="promoted", number=2, document=second))
        db.session.get(EnvironmentBinding, ("live", "promoted")).version = 2
        db.session.commit()
    chat_service(app).flows.entry_cache_s = 0
    turn = start(visitor, "promoted")
    assert turn["messages"][0]["text"] == "Version two."
    record = chat_service(app).host.load(turn["session"]["id"])
    assert record.flow.version == "2"


def test_installed_microapps_are_modules_too(app: Flask, visitor: FlaskClient) -> None:
    module = _flow("namer", {
        "name": {"type": "assign", "props": {"assignments": [
            {"variable": "name", "expression": "'Ada'"}]}, "next": {"next": "give"}},
        "give": {"type": "return", "props": {"outputs": {"name": "name"}}},
    }, kind="module", variables={"name": {"type": "string", "default": None}},
        outputs=["name"])
    looked_up: list[tuple[str, str]] = []

    def installed(flow_id: str, version: str) -> tuple[dict[str, Any], str] | None:
        looked_up.append((flow_id, version))
        return (module, "1.2.0") if flow_id == "acme/namer" else None

    before = app.extensions.get("installed_modules")
    app.extensions["installed_modules"] = installed
    try:
        publish(app, greeter("greet-app", "acme/namer@1.2.0"), "greet-app")
        for _ in range(2):
            assert start(visitor, "greet-app")["messages"][0]["text"] == "Hi Ada!"
    finally:
        if before is None:
            app.extensions.pop("installed_modules", None)
        else:
            app.extensions["installed_modules"] = before
    assert looked_up == [("acme/namer", "1.2.0")]
