"""Flow kind `in_queue`: loaded like an application flow, but it cannot route or transfer (its
caller already waits in a queue); `system.Queue` status updates are plain state rewrites."""

from __future__ import annotations

from typing import Any

from blocks import shared_registry
from interpreter.engine.queue_status import queue_exit, queue_system, with_queue_status
from interpreter.loader import load_flow
from interpreter.validation import validate_flow


def document(blocks: dict[str, Any], phases: dict[str, str]) -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": "wait", "name": "wait",
            "kind": "in_queue", "channels": ["voice"], "phases": phases, "blocks": blocks}


def test_an_in_queue_flow_loads_and_may_not_route() -> None:
    flow = load_flow(document({
        "music": {"type": "play_message", "props": {"prompts": [{"tts": "Please hold"}]},
                  "next": {"next": "again"}},
        "again": {"type": "route", "props": {"target": {"type": "queue", "value": "other"}}},
    }, {"self_service": "music", "assisted_service": "again"}))
    assert flow.kind == "in_queue"
    found = {(p.code, p.block_id) for p in validate_flow(flow, shared_registry())}
    assert ("not_in_queue", "again") in found


def test_queue_status_is_written_into_a_copy_of_the_state() -> None:
    state = {"system": {**queue_system("support", 4, 99.6)}, "vars": {}}
    assert state["system"]["Queue"] == {"name": "support", "position": 4, "ewt_s": 100}
    updated = with_queue_status(state, position=2)
    assert updated["system"]["Queue"] == {"name": "support", "position": 2, "ewt_s": 100}
    assert state["system"]["Queue"]["position"] == 4
    assert queue_exit("voicemail") == "voicemail"
    assert queue_exit("completed") is None
