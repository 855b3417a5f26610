"""Bot connectors: how a host answers the `bot` block's `BotTurn` effects.

`BotDefinition` is a Bot Registry entry; `BotConnector` is the one interface every provider
implements (`turn(effect, definition) -> BotResponse`); `BotDispatcher` picks the connector by
provider; `RegistryBotConnector` is the one connector a host needs (it looks each turn's bot up
in a `DefinitionSource`). Connectors live in `lex`, `dialogflow_es`, `dialogflow_cx` and
`native`, and are imported only when first used, so a host with no Google bots never loads the
Google SDK.
"""

from runtime.bots.connector import BotConnector, BotDispatcher
from runtime.bots.definition import PROVIDERS, BotDefinition, load_definition, to_dict
from runtime.bots.errors import BotFailure
from runtime.bots.registry import (
    DefinitionSource,
    RegistryBotConnector,
    RegistryEntryError,
    StaticDefinitions,
)
from runtime.bots.retry import RetryPolicy
from runtime.bots.sessions import ContextStore, MemoryContextStore

__all__ = ["PROVIDERS", "BotConnector", "BotDefinition", "BotDispatcher", "BotFailure",
           "ContextStore", "DefinitionSource", "MemoryContextStore", "RegistryBotConnector",
           "RegistryEntryError", "RetryPolicy", "StaticDefinitions", "load_definition", "to_dict"]
