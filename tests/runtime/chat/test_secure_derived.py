"""The chat transcript holds no form of a secure value: not the value, not a copy computed from
it, not its digits read one by one (the issue's PIN 48213579)."""

from __future__ import annotations

from runtime.chat import MASK, ChatHost, SingleFlow
from runtime.sessions import SessionStore
from tests.runtime.chat.helpers import compile_document

PIN = "48213579"
FORMS = (PIN, "48-213579", "4 8 2 1 3 5 7 9", "4 8 2 1")

FLOW = compile_document({
    "format": "designer-flow", "format_version": 1, "id": "pin-chat", "name": "PIN",
    "channels": ["chat"],
    "variables": {"PIN": {"type": "string", "default": None, "secure": True},
                  "Shown": {"type": "string", "default": None},
                  "Remark": {"type": "string", "default": None}},
    "phases": {"self_service": "ask"},
    "blocks": {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Your PIN?"}], "variable": "PIN",
                                           "grammar": "digits", "timeout_ms": 0},
                "next": {"next": "derive"}},
        "derive": {"type": "assign", "props": {"assignments": [
            {"variable": "Shown", "expression": "PIN.slice(0,2) + '-' + PIN.slice(2)"}]},
            "next": {"next": "read"}},
        "read": {"type": "play_message", "props": {"prompts": [
            {"tts": "You typed"}, {"value": "PIN", "as": "digits"}, {"tts": "."}]},
            "next": {"next": "direct"}},
        "direct": {"type": "play_message", "props": {"prompts": [
            {"tts": "Formatted: {{ PIN.slice(0,2) + '-' + PIN.slice(2) }}"}]},
            "next": {"next": "again"}},
        "again": {"type": "input", "props": {"prompts": [{"tts": "Is {{ Shown }} right?"}],
                                             "variable": "Remark", "grammar": "text",
                                             "timeout_ms": 0}},
    },
})


def test_transcript_shows_no_derived_form(store: SessionStore) -> None:
    host = ChatHost(SingleFlow(FLOW), store)
    started = host.start()
    turn = host.send(started.record.id, PIN)
    # only what was computed from the secret is masked; the rest of each prompt stays readable
    assert [m.text for m in turn.messages] == [
        MASK, f"You typed {MASK}.", f"Formatted: {MASK}", f"Is {MASK} right?"]
    assert turn.messages[1].data.get("masked") is True
    echoed = host.send(started.record.id, "yes, 48-213579")
    assert echoed.messages[0].text == f"yes, {MASK}"
    stored = store.messages_after(started.record.id, 0)
    texts = " | ".join(message.text for message in stored)
    for form in FORMS:
        assert form not in texts
    assert "Formatted" in texts
