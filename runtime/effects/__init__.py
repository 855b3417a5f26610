"""Effect executors: how runtime hosts carry out what the engine asks of the outside world."""

from runtime.effects.addresses import AddressPolicy, AddressRefusedError, is_public
from runtime.effects.connectors import (
    BotConnector,
    CallbackService,
    NoBotConnector,
    NoCallbackService,
)
from runtime.effects.http import HttpExecutor

__all__ = [
    "AddressPolicy", "AddressRefusedError", "BotConnector", "CallbackService", "HttpExecutor",
    "NoBotConnector", "NoCallbackService", "is_public",
]
