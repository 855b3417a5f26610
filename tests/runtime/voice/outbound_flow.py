"""The outbound flow a callback call runs in the tests and the callback bench."""

from __future__ import annotations

from typing import Any


def returning_call_flow(queue: str, timeout_ms: int) -> dict[str, Any]:
    """"Returning your call": the customer presses 1 within `timeout_ms` to be put through to
    an agent of `queue`; no key (or another) ends the call as `no_answer`."""
    return {
        "format": "designer-flow", "format_version": 1, "id": "returning-call",
        "name": "Returning your call", "kind": "outbound", "channels": ["voice"],
        "variables": {"wants": {"type": "boolean", "default": False}},
        "phases": {"self_service": "offer", "assisted_service": "agent"},
        "blocks": {
            "offer": {"type": "menu", "props": {
                "prompts": [{"tts": "This is Acme returning your call. Press 1 to be "
                                    "connected."}],
                "options": [{"key": "1", "label": "Connect"}], "retries": 0,
                "timeout_ms": timeout_ms},
                "next": {"1": "wants", "noinput": "bye", "nomatch": "bye"}},
            "wants": {"type": "assign", "props": {"assignments": [
                {"variable": "wants", "expression": "true"}]}, "next": {}},
            "bye": {"type": "terminate", "props": {"reason": "no_answer"}, "next": {}},
            "agent": {"type": "route", "props": {"target": {"type": "queue", "value": queue},
                                                 "priority": 10}},
        },
    }
