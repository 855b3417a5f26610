"""A chat runs its flow under the turn budget: a costly loop takes the block's error port."""

from __future__ import annotations

from runtime.chat import ChatHost
from runtime.sessions import SessionStore
from tests.runtime.chat.helpers import compile_document, texts

COSTLY = "'x'.repeat(999999).replaceAll('x','y')"

COSTLY_LOOP = {
    "format": "designer-flow", "format_version": 1, "id": "chat-costly", "name": "Costly",
    "channels": ["chat"],
    "variables": {"s": {"type": "string", "default": ""}},
    "phases": {"self_service": "work"},
    "blocks": {
        "work": {"type": "assign", "props": {"assignments": [
            {"variable": "s", "expression": COSTLY}]},
            "next": {"next": "work", "error": "sorry"}},
        "sorry": {"type": "play_message", "props": {"prompts": [
            {"tts": "{{ system.LastError.type }} in {{ system.LastError.block }}"}]}},
    },
}


def test_a_costly_loop_in_a_chat_ends_at_the_turn_budget(store: SessionStore) -> None:
    host = ChatHost(compile_document(COSTLY_LOOP), store)
    record = host.start().record
    notes = texts(host.messages_after(record.id, 0))
    assert ("flow", "text", "LimitExceeded in work") in notes, notes
    assert any(kind == "note" and "work limit of 200,000,000 units" in text
               for _, kind, text in notes), notes
    assert host.load(record.id).state["system"]["LastError"]["type"] == "LimitExceeded"
