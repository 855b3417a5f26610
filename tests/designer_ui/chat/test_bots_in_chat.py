"""A chat on a published flow reaches the Bot Registry's bots (here a native one)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.designer_ui.bots.conftest import native_entry, register
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.chat.helpers import publish
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api


def bot_flow() -> dict[str, object]:
    say_text = {"type": "play_message", "props": {"prompts": [{"tts": "{{ result.intent }}"}]}}
    return {
        "format": "designer-flow", "format_version": 1, "id": "bank-bot-chat",
        "name": "Bank bot chat", "channels": ["chat"], "phases": {"self_service": "bot"},
        "variables": {"result": {"type": "object", "default": None}},
        "blocks": {
            "bot": {"type": "bot", "props": {"bot": "BankBot", "intents": ["CheckBalance"],
                                             "prompts": [{"tts": "How can I help?"}],
                                             "result_variable": "result"},
                    "next": {"CheckBalance": "balance", "fallback": "sorry"}},
            "balance": say_text,
            "sorry": {"type": "play_message", "props": {"prompts": [{"tts": "Sorry."}]}},
        },
    }


def test_a_chat_talks_to_a_registered_bot(app: Flask, visitor: FlaskClient) -> None:
    developer = add_user(app, "bot-dev", ["developer"])
    register(Api(app.test_client(), token=add_token(app, developer)), native_entry())
    publish(app, bot_flow(), "bank-bot")
    first = start(visitor, "bank-bot")
    assert "How can I help?" in [m["text"] for m in first["messages"]]
    turn = say(visitor, first["session"]["id"], text="what is my balance").json
    assert "CheckBalance" in [m["text"] for m in turn["messages"]]
