"""`BotConnector` for native bots: the definition travels in the registry entry (`native`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from marshmallow import ValidationError

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots.definition import BotDefinition
from runtime.bots.native.cache import ModelCache
from runtime.bots.native.dialog import Dialog
from runtime.bots.native.model import digest_of, load_native_bot
from runtime.bots.native.slots import SlotReader
from runtime.bots.sessions import ContextStore, MemoryContextStore, spoken_text, turn_context


class NativeConnector:
    """Answers turns with the local dialog engine; trains each definition once (see cache)."""

    def __init__(self, contexts: ContextStore | None = None, cache: ModelCache | None = None,
                 today: Callable[[], date] = date.today):
        self.contexts = contexts or MemoryContextStore()
        self.cache = cache or ModelCache()
        self.today = today
        self._dialogs: dict[str, Dialog] = {}
        self._lock = threading.Lock()

    def turn(self, effect: BotTurn, definition: BotDefinition) -> BotResponse:
        try:
            dialog = self.dialog(definition)
        except ValidationError as exc:
            return BotResponse(state="failed", error=f"native bot '{definition.name}' has an "
                                                     f"invalid definition: {_first(exc)}")
        response = dialog.turn(spoken_text(effect), turn_context(effect, self.contexts))
        self.contexts.put(effect.bot, effect.session_key, response.raw["context"])
        return response

    def dialog(self, definition: BotDefinition) -> Dialog:
        document = definition.native or {}
        key = digest_of(document)
        with self._lock:
            dialog = self._dialogs.get(key)
        if dialog is None:
            bot = load_native_bot(document)
            dialog = Dialog(bot, self.cache.classifier(bot), SlotReader(bot, self.today))
            with self._lock:
                self._dialogs[key] = dialog
        return dialog


def _first(error: ValidationError) -> str:
    """The first message of a (nested) marshmallow error, with where it is."""
    messages = error.messages
    path: list[str] = []
    while isinstance(messages, dict) and messages:
        key, messages = next(iter(messages.items()))
        path.append(str(key))
    while isinstance(messages, list) and messages:
        messages = messages[0]
        if isinstance(messages, dict):
            return _first(ValidationError(messages))
    where = ".".join(part for part in path if part != "_schema")
    return f"{where}: {messages}" if where else str(messages)
