"""A visitor's `callback` block registers a real callback row through the Designer's callback
service, and a refusal takes the block's `error` port with `system.LastError` saying why."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from designer_ui.extensions import db
from designer_ui.models import CallbackRequest, Flow, Queue
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.chat.helpers import publish


def callback_flow() -> dict[str, Any]:
    say_ = lambda text: {"prompts": [{"tts": text}]}  # noqa: E731
    return {"format": "designer-flow", "format_version": 1, "id": "call-me", "name": "call-me",
            "channels": ["chat", "voice"], "variables": {"n": {"type": "string", "default": ""}},
            "phases": {"self_service": "ask", "assisted_service": "book"}, "blocks": {
                "ask": {"type": "input", "props": {"prompts": [{"tts": "Your number?"}],
                                                   "variable": "n", "grammar": "phone"}},
                "book": {"type": "callback", "props": {"mode": "immediate", "number": "n",
                                                       "queue": "web-callbacks"},
                         "next": {"next": "booked", "error": "refused"}},
                "booked": {"type": "play_message", "props": say_("Booked.")},
                "refused": {"type": "play_message",
                            "props": say_("Refused: {{ system.LastError.message }}")}}}


def _flow_texts(turn: Any) -> list[str]:
    return [m["text"] for m in turn["messages"] if m["author"] == "flow"]


def test_the_callback_block_stores_a_callback_and_refusals_say_why(
        app: Flask, visitor: FlaskClient) -> None:
    with app.app_context():  # the app lives for the module: set up once
        if db.session.get(Flow, "call-me") is None:
            db.session.add(Queue(name="web-callbacks", channels=["chat", "voice"]))
            db.session.commit()
            publish(app, callback_flow(), "call-me")
    first = start(visitor, "call-me")["session"]["id"]
    booked = say(visitor, first, text="+1 415 555 0123").json
    assert "Booked." in _flow_texts(booked), booked
    with app.app_context():
        rows = db.session.execute(sa.select(CallbackRequest).where(
            CallbackRequest.session_id == first)).scalars().all()
        assert [(row.number, row.state, row.origin, row.queue) for row in rows] == [
            ("+14155550123", "queued", "flow", "web-callbacks")]
    second = start(visitor, "call-me")["session"]["id"]
    refused = say(visitor, second, text="+1 900 555 1234").json
    assert "Refused: +19005551234 is a premium-rate number; callbacks do not dial it." in \
        _flow_texts(refused), refused
