"""The simulator answers a `callback` block as the live service would (checking the number,
queue and rules, storing nothing); only an explicit `callback` mock forces the answer."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import CallbackRequest
from tests.designer_ui.callbacks.helpers import add_queue
from tests.designer_ui.helpers import Api


def callback_flow(number: str) -> dict[str, Any]:
    say = lambda text: {"prompts": [{"tts": text}]}  # noqa: E731
    return {"format": "designer-flow", "format_version": 1, "id": "sim-callback",
            "name": "sim-callback", "channels": ["voice", "chat"],
            "phases": {"self_service": "hello", "assisted_service": "book"}, "blocks": {
                "hello": {"type": "play_message", "props": say("Hello.")},
                "book": {"type": "callback", "props": {"mode": "immediate",
                                                       "number": f"'{number}'",
                                                       "queue": "support"},
                         "next": {"next": "booked", "error": "refused"}},
                "booked": {"type": "play_message", "props": say("Booked.")},
                "refused": {"type": "play_message",
                            "props": say("Refused: {{ system.LastError.message }}")}}}


def _said(api: Api, mocks: dict[str, Any] | None = None) -> list[str]:
    started = api.post("simulator/sessions", json={"flow_id": "sim-callback", "channel": "voice",
                                                   "mocks": mocks or {}})
    assert started.status_code == 201, started.json
    return [" ".join(p.get("text", "") for p in effect.get("prompts", []))
            for effect in started.json["output"] if effect["kind"] == "say"]


def test_the_simulator_checks_callbacks_like_the_live_service(app: Flask,
                                                             developer: Api) -> None:
    developer.create_flow(callback_flow("+19005551234"))
    add_queue(app, "support", hours=None)
    assert _said(developer) == [
        "Hello.", "Refused: +19005551234 is a premium-rate number; callbacks do not dial it."]
    assert _said(developer, {"callback": "success"}) == ["Hello.", "Booked."]
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(CallbackRequest)
                                  ).scalar_one() == 0


def test_a_valid_callback_is_accepted_without_being_stored(app: Flask, developer: Api) -> None:
    developer.create_flow(callback_flow("+14155550123"))
    assert _said(developer) == ["Hello.", "Refused: There is no queue named 'support'."]
    add_queue(app, "support", hours=None)
    assert _said(developer) == ["Hello.", "Booked."]
    assert _said(developer, {"callback": "failed"}) == [
        "Hello.", "Refused: the callback was refused (simulator mock)"]
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(CallbackRequest)
                                  ).scalar_one() == 0
