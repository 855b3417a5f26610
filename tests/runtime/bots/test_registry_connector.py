"""`RegistryBotConnector`: one connector for a host, any number of bots and providers; looks
every turn up afresh, never raises, and masks the bot's credentials in what comes back."""

from __future__ import annotations

from typing import Any

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots import RegistryBotConnector, RegistryEntryError, StaticDefinitions
from runtime.bots.definition import BotDefinition, load_definition
from runtime.bots.lex import LexConnector
from runtime.bots.redaction import MASK, redact_response, secrets_of
from tests.bots_servers import Fault, LexServer
from tests.runtime.bots.conftest import FAST_RETRY, turn
from tests.runtime.bots.scripts import DUMMY_AWS, lex_definition


class Echo:
    """A provider connector that repeats what it is given (and may blow up)."""

    def __init__(self, reply: str = "", explode: bool = False):
        self.reply = reply
        self.explode = explode
        self.seen: list[tuple[BotTurn, BotDefinition]] = []

    def turn(self, effect: BotTurn, definition: BotDefinition) -> BotResponse:
        self.seen.append((effect, definition))
        if self.explode:
            raise RuntimeError(f"boom {definition.credentials}")
        return BotResponse("fulfilled", "Echo", messages=(self.reply,),
                           raw={"debug": {"key": self.reply}})


def native(name: str, **extra: Any) -> BotDefinition:
    return load_definition({"name": name, "provider": "native", "native": {"x": 1}, **extra})


class Changing:
    """A registry whose entries change between turns."""

    def __init__(self) -> None:
        self.entries: dict[str, BotDefinition] = {}
        self.broken = False

    def definition(self, name: str) -> BotDefinition | None:
        if self.broken:
            raise RegistryEntryError(f"bot '{name}' cannot be read now")
        return self.entries.get(name)


def test_each_turn_goes_to_the_provider_the_registry_names() -> None:
    echo = Echo("hi")
    source = Changing()
    connector = RegistryBotConnector(source, connectors={"native": echo})
    assert connector.turn(turn("Helper", "x")).error == "bot 'Helper' is not in the Bot Registry"
    assert connector.knows("Helper") is False
    source.entries["Helper"] = native("Helper")
    assert connector.turn(turn("Helper", "x")).messages == ("hi",)
    assert echo.seen[-1][1].name == "Helper"
    source.broken = True
    assert connector.turn(turn("Helper", "x")).error == "bot 'Helper' cannot be read now"
    assert connector.knows("Helper") is False


def test_a_connector_that_raises_becomes_a_failed_turn() -> None:
    definition = load_definition({"name": "Order", "provider": "lex", "bot_id": "PIZZABOT01",
                                  "alias_id": "A", "credentials": DUMMY_AWS})
    connector = RegistryBotConnector(StaticDefinitions({"Order": definition}),
                                     connectors={"lex": Echo(explode=True)})
    answer = connector.turn(turn("Order", "x"))
    assert answer.state == "failed"
    assert answer.error == "bot 'Order' failed unexpectedly (RuntimeError)"


def test_credentials_echoed_by_a_provider_are_masked() -> None:
    secret = DUMMY_AWS["aws_secret_access_key"]
    definition = load_definition({"name": "Order", "provider": "lex", "bot_id": "PIZZABOT01",
                                  "alias_id": "A", "credentials": DUMMY_AWS})
    connector = RegistryBotConnector(StaticDefinitions({"Order": definition}),
                                     connectors={"lex": Echo(f"key={secret}")})
    answer = connector.turn(turn("Order", "x"))
    assert answer.messages == (f"key={MASK}",)
    assert answer.raw == {"debug": {"key": f"key={MASK}"}}


def test_redaction_covers_service_account_keys_but_not_public_fields() -> None:
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
    definition = load_definition({"name": "Faq", "provider": "dialogflow_es", "project": "p",
                                  "credentials": {"service_account_info": {
                                      "type": "service_account", "private_key": pem,
                                      "token_uri": "https://oauth2.googleapis.com/token"}}})
    secrets = secrets_of(definition)
    assert "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" in secrets and "service_account" not in secrets
    answer = BotResponse("failed", error="bad key MIIEvQIBADANBgkqhkiG9w0BAQEFAASC, type "
                                         "service_account")
    assert redact_response(answer, secrets).error == f"bad key {MASK}, type service_account"
    clean = BotResponse("fulfilled", "A")
    assert redact_response(clean, secrets) is clean


def test_a_real_lex_bot_through_the_registry(lex: LexServer) -> None:
    lex_connector = LexConnector(retry=FAST_RETRY)
    connector = RegistryBotConnector(StaticDefinitions({"OrderBot": lex_definition(lex.url)}),
                                     connectors={"lex": lex_connector})
    first = connector.turn(turn("OrderBot", "a small pizza"))
    assert (first.state, first.slots["size"]) == ("in_progress", "small")
    second = connector.turn(turn("OrderBot", "ham", 2, context=first.raw["context"]))
    assert (second.state, second.slots) == ("fulfilled", {"size": "small", "topping": "ham"})
    lex.faults.add(Fault("access_denied"))
    assert "refused the credentials" in (connector.turn(turn("OrderBot", "pizza")).error or "")
