"""Flow kind `outbound`: the flow a callback dialer runs on the customer's answered call. It
loads like an application flow and may route (press 1: to the queue), but it may not book
another callback and it must run on voice."""

from __future__ import annotations

from typing import Any

import pytest

from blocks import shared_registry
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from interpreter.validation import validate_flow


def document(blocks: dict[str, Any], channels: list[str] | None = None,
             kind: str = "outbound") -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": "returning", "name": "ret",
            "kind": kind, "channels": channels or ["voice"],
            "variables": {"connect": {"type": "boolean", "default": False}},
            "phases": {"self_service": "offer", "assisted_service": "agent"}, "blocks": blocks}


OFFER = {"type": "menu", "props": {"prompts": [{"tts": "Press 1 to be connected"}],
                                   "options": [{"key": "1", "label": "Connect"}]},
         "next": {"1": "wants", "noinput": "bye", "nomatch": "bye"}}
WANTS = {"type": "assign", "props": {"assignments": [{"variable": "connect",
                                                      "expression": "true"}]}, "next": {}}
BYE = {"type": "terminate", "props": {"reason": "no_answer"}, "next": {}}
ROUTE = {"type": "route", "props": {"target": {"type": "queue", "value": "support"}}}


def test_an_outbound_flow_loads_and_may_route_to_its_queue() -> None:
    flow = load_flow(document({"offer": OFFER, "wants": WANTS, "bye": BYE, "agent": ROUTE}))
    assert flow.kind == "outbound"
    errors = [p for p in validate_flow(flow, shared_registry()) if p.severity == "error"]
    assert [p.code for p in errors] == []


def test_an_outbound_flow_may_not_book_a_callback_and_needs_voice() -> None:
    again = {"type": "callback", "props": {"queue": "support", "number": "{{system.ANI}}"}}
    offer = {**OFFER, "next": {"1": "again", "noinput": "bye", "nomatch": "bye"}}
    flow = load_flow(document({"offer": offer, "again": again, "bye": BYE, "agent": ROUTE},
                              channels=["chat"]))
    found = {(p.code, p.block_id) for p in validate_flow(flow, shared_registry())}
    assert ("not_outbound", "again") in found
    assert ("outbound_voice", None) in found


def test_an_unknown_kind_is_still_refused() -> None:
    with pytest.raises(FlowFormatError):
        load_flow(document({"offer": OFFER, "agent": ROUTE}, kind="dialer"))
