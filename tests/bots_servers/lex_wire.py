"""Scripted turns in Lex V2's JSON shapes, and Lex session state back into dialog memory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.bots_servers.script import DialogMemory, ScriptedBot, ScriptedTurn

FALLBACK_INTENT = "FallbackIntent"
_INTENT_STATES = {"in_progress": "InProgress", "fulfilled": "Fulfilled", "failed": "Failed"}


def _slot(value: tuple[str, str] | None) -> dict[str, Any] | None:
    if not value:
        return None
    return {"value": {"originalValue": value[0], "interpretedValue": value[1],
                      "resolvedValues": [value[1]]}}


def lex_result(turn: ScriptedTurn, session_id: str,
               attributes: Mapping[str, str]) -> dict[str, Any]:
    """A RecognizeText response body for one scripted turn."""
    intent: dict[str, Any] | None
    if turn.state == "fallback":
        intent = {"name": FALLBACK_INTENT, "slots": {}, "state": "ReadyForFulfillment",
                  "confirmationState": "None"}
        action: dict[str, Any] = {"type": "Close"}
    elif turn.outcome == "continue":
        intent = None
        action = {"type": "ElicitIntent"}
    else:
        intent = {"name": turn.intent,
                  "slots": {name: _slot(value) for name, value in turn.slots.items()},
                  "state": _INTENT_STATES[turn.state], "confirmationState": "None"}
        action = ({"type": "ElicitSlot", "slotToElicit": turn.slot_to_elicit}
                  if turn.slot_to_elicit else {"type": "Close"})
    session_state: dict[str, Any] = {"dialogAction": action,
                                     "sessionAttributes": dict(attributes),
                                     "originatingRequestId": "local-lex"}
    if intent is not None:
        session_state["intent"] = intent
    interpretations: list[dict[str, Any]] = []
    if intent is not None and intent["name"] != FALLBACK_INTENT:
        interpretations.append({"intent": intent,
                                "nluConfidence": {"score": round(turn.confidence, 2)},
                                "interpretationSource": "Lex"})
    interpretations.append({"intent": {"name": FALLBACK_INTENT, "slots": {}},
                            "interpretationSource": "Lex"})
    return {"messages": [{"contentType": "PlainText", "content": text}
                         for text in turn.messages],
            "sessionState": session_state, "interpretations": interpretations,
            "sessionId": session_id}


def memory_from_session_state(session_state: Mapping[str, Any],
                              script: ScriptedBot) -> DialogMemory:
    """Rebuild where the conversation stands from the state a client sent back."""
    intent = session_state.get("intent") or {}
    if script.intent(intent.get("name")) is None or intent.get("state") in ("Fulfilled", "Failed"):
        return DialogMemory()
    slots: dict[str, tuple[str, str] | None] = {}
    for name, slot in (intent.get("slots") or {}).items():
        value = (slot or {}).get("value") or {}
        slots[name] = ((value.get("originalValue", ""), value["interpretedValue"])
                       if value.get("interpretedValue") else None)
    action = session_state.get("dialogAction") or {}
    eliciting = action.get("slotToElicit") if action.get("type") == "ElicitSlot" else None
    return DialogMemory(intent["name"], slots, eliciting)
