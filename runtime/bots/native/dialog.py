"""The native bot's conversation: classify, fill slots turn by turn, close or fall back.

Between turns the whole dialog state is a small JSON context (`intent`, `slots`,
`eliciting`, `attempts`, `confidence`) returned in `raw["context"]`, so any host process can
answer the next turn. While a slot is being asked for, an answer that holds no value but
clearly asks for another intent switches to that intent; after `max_slot_attempts` unanswered
prompts the intent fails.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from interpreter.engine.events import BotResponse
from runtime.bots.native.classifier import IntentClassifier, Prediction
from runtime.bots.native.model import Intent, NativeBot, Slot
from runtime.bots.native.slots import SlotReader, display

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")


class Dialog:
    """One bot's dialog logic; stateless itself, safe to share between sessions."""

    def __init__(self, bot: NativeBot, classifier: IntentClassifier, reader: SlotReader):
        self.bot = bot
        self.classifier = classifier
        self.reader = reader

    def turn(self, text: str | None, context: Mapping[str, Any] | None) -> BotResponse:
        context = dict(context or {})
        intent = self.bot.intent(context.get("intent"))
        eliciting = next((slot for slot in intent.slots if slot.name == context.get("eliciting")),
                         None) if intent else None
        if intent is not None and eliciting is not None:
            return self._answer(intent, eliciting, text or "", context)
        if not text or not text.strip():
            return self._reply("in_progress", None, {}, None, (self.bot.message("welcome"),), {})
        return self._recognise(text)

    def _recognise(self, text: str) -> BotResponse:
        prediction = self.classifier.predict(text, self.bot.threshold)
        intent = self.bot.intent(prediction.intent)
        if intent is None:
            return self._reply("fallback", None, {}, prediction.confidence,
                               (self.bot.message("fallback"),), {}, prediction)
        found = self.reader.read(intent.slots, text)
        slots = {name: match.value for name, match in found.items()}
        return self._advance(intent, slots, prediction.confidence, prediction)

    def _answer(self, intent: Intent, slot: Slot, text: str,
                context: Mapping[str, Any]) -> BotResponse:
        slots = dict(context.get("slots") or {})
        confidence = context.get("confidence")
        match = self.reader.answer(slot, text) if text.strip() else None
        if match is not None:
            slots[slot.name] = match.value
            missing = [s for s in intent.slots if s.name not in slots and s is not slot]
            others = self.reader.read(missing, text) if slot.type != "text" else {}
            slots.update({name: found.value for name, found in others.items()})
            return self._advance(intent, slots, confidence)
        if text.strip():
            prediction = self.classifier.predict(text, self.bot.threshold)
            if prediction.intent is not None and prediction.intent != intent.name:
                return self._recognise(text)
        attempts = int(context.get("attempts", 0)) + 1
        if attempts >= self.bot.max_slot_attempts:
            return self._reply("failed", intent.name, self._all(intent, slots), confidence,
                               (self.bot.message("failed"),), {})
        message = self.bot.message("retry").replace("{prompt}", slot.prompt)
        return self._reply("in_progress", intent.name, self._all(intent, slots), confidence,
                           (message,), {**context, "attempts": attempts})

    def _advance(self, intent: Intent, slots: dict[str, Any], confidence: float | None,
                 prediction: Prediction | None = None) -> BotResponse:
        for slot in intent.slots:
            if slot.required and slot.name not in slots:
                context = {"intent": intent.name, "slots": slots, "eliciting": slot.name,
                           "attempts": 0, "confidence": confidence}
                return self._reply("in_progress", intent.name, self._all(intent, slots),
                                   confidence, (slot.prompt,), context, prediction)
        reply = fill(intent.reply, slots)
        return self._reply("fulfilled", intent.name, self._all(intent, slots), confidence,
                           (reply,) if reply else (), {}, prediction)

    @staticmethod
    def _all(intent: Intent, slots: Mapping[str, Any]) -> dict[str, Any]:
        return {slot.name: slots.get(slot.name) for slot in intent.slots}

    def _reply(self, state: str, intent: str | None, slots: dict[str, Any],
               confidence: float | None, messages: tuple[str, ...], context: dict[str, Any],
               prediction: Prediction | None = None) -> BotResponse:
        raw: dict[str, Any] = {"provider": "native", "bot": self.bot.name, "context": context}
        if prediction is not None:
            raw["ranking"] = [[name, round(p, 4)] for name, p in prediction.ranking[:3]]
        return BotResponse(state=state, intent=intent, slots=slots, confidence=confidence,
                           messages=messages, raw=raw)


def fill(template: str, slots: Mapping[str, Any]) -> str:
    """`{slot}` placeholders replaced by the slots' values (unknown ones left as written)."""
    return _PLACEHOLDER.sub(
        lambda found: display(slots[found[1]]) if slots.get(found[1]) is not None
        else found[0], template)
