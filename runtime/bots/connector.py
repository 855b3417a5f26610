"""The one interface every bot provider implements, and the dispatcher hosts call.

A host that meets a `BotTurn` effect looks the bot up in the Bot Registry and hands both to the
provider's connector; the `BotResponse` it gets back is the event to resume the session with.
Connectors never raise for a provider's failure: the error travels in `BotResponse.error`, so
the `bot` block takes its `error` port with a message a business user can read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Protocol, runtime_checkable

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots.definition import BotDefinition

BOT_STATES = ("in_progress", "fulfilled", "failed", "fallback")


@runtime_checkable
class BotConnector(Protocol):
    """Sends one caller turn to one provider's bot; thread-safe, reused across sessions."""

    def turn(self, effect: BotTurn, definition: BotDefinition) -> BotResponse: ...


ConnectorFactory = Callable[[], BotConnector]


def _lex() -> BotConnector:
    from runtime.bots.lex import LexConnector

    return LexConnector()


def _dialogflow_es() -> BotConnector:
    from runtime.bots.dialogflow_es import DialogflowESConnector

    return DialogflowESConnector()


def _dialogflow_cx() -> BotConnector:
    from runtime.bots.dialogflow_cx import DialogflowCXConnector

    return DialogflowCXConnector()


def _native() -> BotConnector:
    from runtime.bots.native.connector import NativeConnector

    return NativeConnector()


DEFAULT_FACTORIES: dict[str, ConnectorFactory] = {
    "lex": _lex,
    "dialogflow_es": _dialogflow_es,
    "dialogflow_cx": _dialogflow_cx,
    "native": _native,
}


class BotDispatcher:
    """Answers `BotTurn` effects from a Bot Registry snapshot.

    Provider libraries are heavy to import (google-cloud, scikit-learn), so a connector is only
    built the first time a bot of its provider is used; pass `connectors` to supply your own
    (a test double, a connector with a custom retry policy or context store).
    """

    def __init__(self, definitions: Mapping[str, BotDefinition],
                 connectors: Mapping[str, BotConnector] | None = None,
                 factories: Mapping[str, ConnectorFactory] | None = None):
        self.definitions = dict(definitions)
        self._connectors: dict[str, BotConnector] = dict(connectors or {})
        self._factories = dict(factories or DEFAULT_FACTORIES)
        self._lock = threading.Lock()

    def connector(self, provider: str) -> BotConnector:
        with self._lock:
            if provider not in self._connectors:
                self._connectors[provider] = self._factories[provider]()
            return self._connectors[provider]

    def close(self) -> None:
        """Close the connectors that hold open channels; the dispatcher stays usable."""
        with self._lock:
            connectors = list(self._connectors.values())
        for connector in connectors:
            close = getattr(connector, "close", None)
            if callable(close):
                close()

    def answer(self, effect: BotTurn) -> BotResponse:
        definition = self.definitions.get(effect.bot)
        if definition is None:
            return BotResponse(error=f"bot '{effect.bot}' is not in the Bot Registry")
        return self.connector(definition.provider).turn(effect, definition)
