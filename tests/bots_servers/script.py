"""Scripted bot behaviour shared by the local Lex and Dialogflow servers.

A script lists intents, each recognised by regular expressions, with slots that are either
found in the utterance or asked for one at a time (multi-turn elicitation). The servers turn a
`ScriptedTurn` into their provider's wire format, so one script can stand in for a Lex bot, an
ES agent or a CX agent. Scripts can be written as dicts (`ScriptedBot.from_dict`), which is how
flow-test mocks can describe them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Outcome = Literal["fulfilled", "failed", "continue"]
TurnState = Literal["in_progress", "fulfilled", "failed", "fallback"]


_OUTCOME_STATES: dict[str, TurnState] = {"fulfilled": "fulfilled", "failed": "failed",
                                         "continue": "in_progress"}


@dataclass(frozen=True)
class ScriptedSlot:
    """`pattern` finds the value (group 1 if it has one); `synonyms` map what was said to the
    interpreted value, as a slot type's resolution would."""

    name: str
    pattern: str
    prompt: str
    required: bool = True
    synonyms: Mapping[str, str] = field(default_factory=dict)

    def find(self, text: str) -> tuple[str, str] | None:
        """(original, interpreted) value in `text`, or None."""
        found = re.search(self.pattern, text, re.IGNORECASE)
        if not found:
            return None
        original = found.group(1) if found.re.groups else found.group(0)
        return original, self.synonyms.get(original.lower(), original)


@dataclass(frozen=True)
class ScriptedIntent:
    """`outcome`: fulfilled (the usual), failed, or continue (a greeting that keeps the
    conversation open). `reply` may use `{slot}` placeholders."""

    name: str
    patterns: tuple[str, ...]
    slots: tuple[ScriptedSlot, ...] = ()
    reply: str = ""
    confidence: float = 0.92
    outcome: Outcome = "fulfilled"

    def matches(self, text: str) -> bool:
        return any(re.search(pattern, text, re.IGNORECASE) for pattern in self.patterns)


@dataclass(frozen=True)
class DialogMemory:
    """Where one conversation stands; the servers keep it, or rebuild it from Lex's
    `sessionState`."""

    intent: str | None = None
    slots: Mapping[str, tuple[str, str] | None] = field(default_factory=dict)
    eliciting: str | None = None


@dataclass(frozen=True)
class ScriptedTurn:
    intent: str | None
    state: TurnState
    slots: Mapping[str, tuple[str, str] | None]
    messages: tuple[str, ...]
    confidence: float
    slot_to_elicit: str | None
    memory: DialogMemory
    outcome: Outcome | None = None


@dataclass(frozen=True)
class ScriptedBot:
    intents: tuple[ScriptedIntent, ...]
    fallback_reply: str = "Sorry, I did not understand that."
    fallback_confidence: float = 0.2

    def intent(self, name: str | None) -> ScriptedIntent | None:
        return next((intent for intent in self.intents if intent.name == name), None)

    def turn(self, memory: DialogMemory, text: str) -> ScriptedTurn:
        current = self.intent(memory.intent)
        if current is not None and memory.eliciting:
            slot = next(s for s in current.slots if s.name == memory.eliciting)
            value = slot.find(text)
            if value is None:
                return self._elicit(current, memory, slot, retry=True)
            return self._advance(current, replace(memory, slots={**memory.slots,
                                                                  slot.name: value}))
        matched = next((intent for intent in self.intents if intent.matches(text)), None)
        if matched is None:
            return ScriptedTurn(None, "fallback", {}, (self.fallback_reply,),
                                self.fallback_confidence, None, DialogMemory())
        found = {slot.name: slot.find(text) for slot in matched.slots}
        return self._advance(matched, DialogMemory(matched.name, found))

    def _advance(self, intent: ScriptedIntent, memory: DialogMemory) -> ScriptedTurn:
        for slot in intent.slots:
            if slot.required and not memory.slots.get(slot.name):
                return self._elicit(intent, memory, slot, retry=False)
        values = {name: value[1] if value else "" for name, value in memory.slots.items()}
        reply = intent.reply.format(**values) if intent.reply else ""
        state = _OUTCOME_STATES[intent.outcome]
        return ScriptedTurn(intent.name, state, _all_slots(intent, memory),
                            (reply,) if reply else (), intent.confidence, None, DialogMemory(),
                            intent.outcome)

    def _elicit(self, intent: ScriptedIntent, memory: DialogMemory, slot: ScriptedSlot,
                retry: bool) -> ScriptedTurn:
        prompt = f"Sorry, {slot.prompt[0].lower()}{slot.prompt[1:]}" if retry else slot.prompt
        return ScriptedTurn(intent.name, "in_progress", _all_slots(intent, memory), (prompt,),
                            intent.confidence, slot.name,
                            replace(memory, eliciting=slot.name))

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> ScriptedBot:
        """`{"intents": [{"name", "patterns", "slots": [{"name", "pattern", "prompt",
        "required"?, "synonyms"?}], "reply"?, "confidence"?, "outcome"?}], "fallback_reply"?}`"""
        intents = tuple(
            ScriptedIntent(
                name=item["name"], patterns=tuple(item["patterns"]),
                slots=tuple(ScriptedSlot(**slot) for slot in item.get("slots", ())),
                reply=item.get("reply", ""), confidence=item.get("confidence", 0.92),
                outcome=item.get("outcome", "fulfilled"))
            for item in document["intents"])
        extra = {key: document[key] for key in ("fallback_reply", "fallback_confidence")
                 if key in document}
        return cls(intents, **extra)


def _all_slots(intent: ScriptedIntent, memory: DialogMemory) -> dict[str, tuple[str, str] | None]:
    return {slot.name: memory.slots.get(slot.name) for slot in intent.slots}


@dataclass(frozen=True)
class Fault:
    """One scripted failure of the next request: `kind` is throttle, unavailable, not_found,
    access_denied or invalid; `delay_s` holds the answer back first (for timeouts)."""

    kind: str | None = None
    delay_s: float = 0.0
    message: str = ""
