"""Secure variables of modules are masked like the flow's own."""

from __future__ import annotations

from runtime.chat import MASK, ChatHost, SingleFlow
from runtime.sessions import SessionStore
from tests.runtime.chat.helpers import compile_document

MODULE = compile_document({
    "format": "designer-flow", "format_version": 1, "id": "code-check", "name": "Code check",
    "kind": "module", "channels": ["chat"],
    "variables": {"code": {"type": "string", "default": None, "secure": True},
                  "remark": {"type": "string", "default": None}},
    "phases": {"self_service": "ask"},
    "blocks": {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Your code?"}], "variable": "code",
                                           "grammar": "digits", "timeout_ms": 0},
                "next": {"next": "echo"}},
        "echo": {"type": "play_message", "props": {"prompts": [{"tts": "Code {{ code }} ok."}]},
                 "next": {"next": "again"}},
        "again": {"type": "input", "props": {"prompts": [{"tts": "Anything else?"}],
                                             "variable": "remark", "grammar": "text",
                                             "timeout_ms": 0}},
    },
})
MAIN = compile_document({
    "format": "designer-flow", "format_version": 1, "id": "main-chat", "name": "Main",
    "channels": ["chat"], "phases": {"self_service": "check"},
    "blocks": {"check": {"type": "module", "props": {"module": "code-check@latest"}}},
})


def test_module_secrets_are_masked(store: SessionStore) -> None:
    host = ChatHost(SingleFlow(MAIN, modules=lambda ref: MODULE), store)
    started = host.start()
    assert started.record.timer is None and started.record.waiting is not None
    assert started.record.waiting["secure"] is True
    turn = host.send(started.record.id, "90210")
    assert [m.text for m in turn.messages] == [MASK, f"Code {MASK} ok.", "Anything else?"]
    echoed = host.send(started.record.id, "was it 90210?")
    assert echoed.messages[0].text == f"was it {MASK}?"
