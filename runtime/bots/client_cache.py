"""The per-fingerprint client cache both SDK connectors (Lex, Dialogflow) share."""

from __future__ import annotations

import threading
from typing import Any

from runtime.bots.definition import BotDefinition
from runtime.bots.errors import BotFailure


class ClientCache:
    """Clients built once per definition fingerprint; subclasses say how to build one and how
    to classify a failure to build it."""

    def __init__(self) -> None:
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def build_client(self, definition: BotDefinition) -> Any:
        raise NotImplementedError

    def classify(self, exc: Exception, definition: BotDefinition) -> BotFailure:
        raise NotImplementedError

    def _client_or_failure(self, definition: BotDefinition) -> Any:
        """The cached client; building one can fail (no default credentials, a bad key)."""
        try:
            return self.client(definition)
        except Exception as exc:
            raise self.classify(exc, definition) from exc

    def client(self, definition: BotDefinition) -> Any:
        key = definition.fingerprint()
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = self.build_client(definition)
            return client
