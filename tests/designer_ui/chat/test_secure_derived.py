"""The chat API's transcript holds no form of a secure value (the issue's PIN 48213579: read as
digits and reformatted as `48-213579`), neither in a turn's answer nor when read back."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.chat.helpers import publish

PIN = "48213579"
FORMS = (PIN, "48-213579", "4 8 2 1 3 5 7 9", "4 8 2 1")


def pin_flow() -> dict[str, object]:
    return {
        "format": "designer-flow", "format_version": 1, "id": "pin-chat-api", "name": "PIN",
        "channels": ["chat"], "phases": {"self_service": "ask"},
        "variables": {"PIN": {"type": "string", "default": None, "secure": True},
                      "Shown": {"type": "string", "default": None}},
        "blocks": {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "Your PIN?"}],
                                               "variable": "PIN", "grammar": "digits"},
                    "next": {"next": "derive"}},
            "derive": {"type": "assign", "props": {"assignments": [
                {"variable": "Shown", "expression": "PIN.slice(0,2) + '-' + PIN.slice(2)"}]},
                "next": {"next": "read"}},
            "read": {"type": "play_message", "props": {"prompts": [
                {"tts": "You entered"}, {"value": "PIN", "as": "digits"}, {"tts": "."}]},
                "next": {"next": "shown"}},
            "shown": {"type": "play_message", "props": {"prompts": [
                {"tts": "On file: {{ Shown }}."}]}},
        },
    }


def test_chat_api_transcript_shows_no_derived_form(app: Flask, visitor: FlaskClient) -> None:
    publish(app, pin_flow(), "pin-chat")
    first = start(visitor, "pin-chat")
    session_id = first["session"]["id"]
    turn = say(visitor, session_id, text=PIN)
    assert turn.status_code in (200, 201), turn.json
    read_back = visitor.get(f"/api/v1/chat/sessions/{session_id}/messages")
    assert read_back.status_code == 200
    for body in (turn.get_data(as_text=True), read_back.get_data(as_text=True)):
        for form in FORMS:
            assert form not in body
        assert "You entered" in body and "On file:" in body
