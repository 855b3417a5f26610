"""A host's single bot connector: every `BotTurn` is looked up in a Bot Registry and sent on.

Hosts (the chat runtime, the simulator, a voice worker) take one `BotConnector` with a
`turn(effect)` method, while flows may use any number of bots of different providers. This
connector closes that gap: it asks a `DefinitionSource` for the turn's bot on every turn (so an
edit in the registry takes effect at once), picks the provider's connector, and scrubs the
bot's own credentials out of whatever comes back, so that a provider echoing a key in an error
cannot carry it into a transcript, the analytics or a log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Protocol

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots.connector import BotConnector, BotDispatcher, ConnectorFactory
from runtime.bots.definition import BotDefinition
from runtime.bots.endpoint_policy import EndpointRefusedError, vet_endpoint
from runtime.bots.redaction import redact_response, secrets_of
from runtime.effects.addresses import AddressPolicy

log = logging.getLogger(__name__)


class RegistryEntryError(Exception):
    """An entry that exists but cannot be used; its message is fit to show a business user."""


class DefinitionSource(Protocol):
    """Where the registry's entries come from (a database, a file, a dict in tests)."""

    def definition(self, name: str) -> BotDefinition | None:
        """The entry named `name`, credentials included; None when there is none."""
        ...


class StaticDefinitions:
    """A fixed set of definitions: for tests and one-off hosts."""

    def __init__(self, definitions: Mapping[str, BotDefinition]):
        self.definitions = dict(definitions)

    def definition(self, name: str) -> BotDefinition | None:
        return self.definitions.get(name)


class RegistryBotConnector:
    """Answers any `BotTurn` through the bot the registry names; never raises."""

    def __init__(self, source: DefinitionSource,
                 connectors: Mapping[str, BotConnector] | None = None,
                 factories: Mapping[str, ConnectorFactory] | None = None,
                 dispatcher: BotDispatcher | None = None,
                 endpoint_policy: AddressPolicy | None = None):
        """`dispatcher` shares provider connectors (and their clients) between several
        registry connectors; otherwise one is made from `connectors` and `factories`.
        With `endpoint_policy`, a bot's custom endpoint is vetted before every turn (hosts whose
        registry users may edit pass one; a file an operator wrote needs none)."""
        self.source = source
        self.endpoint_policy = endpoint_policy
        self.dispatcher = dispatcher or BotDispatcher({}, connectors, factories)

    def knows(self, bot: str) -> bool:
        """Whether the registry has this bot (False, too, when it cannot be read)."""
        try:
            return self.source.definition(bot) is not None
        except Exception:
            return False

    def turn(self, effect: BotTurn) -> BotResponse:
        try:
            definition = self.source.definition(effect.bot)
        except RegistryEntryError as exc:
            return BotResponse(state="failed", error=str(exc))
        except Exception as exc:
            log.warning("the Bot Registry could not be read for bot '%s': %s", effect.bot,
                        type(exc).__name__)
            return BotResponse(state="failed", error="the Bot Registry could not be read")
        if definition is None:
            return BotResponse(state="failed", error=f"bot '{effect.bot}' is not in the Bot Registry")
        if self.endpoint_policy is not None and definition.endpoint:
            try:
                vet_endpoint(definition.endpoint, self.endpoint_policy)
            except EndpointRefusedError as exc:
                return BotResponse(state="failed", error=f"bot '{definition.name}': {exc}")
        try:
            response = self.dispatcher.connector(definition.provider).turn(effect, definition)
        except Exception as exc:
            log.warning("bot '%s' (%s) failed unexpectedly: %s", definition.name,
                        definition.provider, type(exc).__name__)
            response = BotResponse(state="failed", error=f"bot '{definition.name}' failed "
                                                         f"unexpectedly ({type(exc).__name__})")
        return redact_response(response, secrets_of(definition))

    def close(self) -> None:
        """Close the provider connectors that hold channels (Dialogflow's gRPC)."""
        self.dispatcher.close()
