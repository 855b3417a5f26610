"""The native dialog engine: definitions, slot reading, multi-turn dialogs, cache, connector."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from marshmallow import ValidationError

from runtime.bots.definition import BotDefinition, load_definition
from runtime.bots.native import ModelCache, NativeConnector, SlotReader, load_native_bot
from runtime.bots.native.dialog import fill
from runtime.bots.native.model import Slot
from runtime.bots.native.slots import loose_date
from tests.runtime.bots.conftest import TurnWithContext, turn

TODAY = date(2026, 11, 25)  # a Wednesday
SAMPLE = Path(__file__).parents[3] / "runtime/bots/native/samples/bank.yaml"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    with SAMPLE.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
    return data


@pytest.fixture(scope="module")
def cache() -> ModelCache:
    return ModelCache()


@pytest.fixture
def connector(cache: ModelCache) -> NativeConnector:
    return NativeConnector(cache=cache, today=lambda: TODAY)


@pytest.fixture(scope="module")
def bank(document: dict[str, Any]) -> BotDefinition:
    return load_definition({"name": "Bank", "provider": "native", "native": document})


def talk(connector: NativeConnector, bank: BotDefinition, *texts: str | None,
         session: str = "s") -> list[Any]:
    return [connector.turn(turn("Bank", text, number, session), bank)
            for number, text in enumerate(texts, 1)]


def test_multi_turn_asks_for_each_missing_slot(connector: NativeConnector,
                                               bank: BotDefinition) -> None:
    opening, asked, amount, done = talk(connector, bank, None, "I need to move some money",
                                        "120 dollars", "savngs")
    assert opening.state == "in_progress"
    assert opening.messages == ("Welcome to Acme Bank. How can I help you today?",)
    assert (asked.state, asked.intent, asked.messages) == (
        "in_progress", "TransferMoney", ("How much would you like to transfer?",))
    assert amount.messages == ("Which account should it go to, checking or savings?",)
    assert (done.state, done.intent) == ("fulfilled", "TransferMoney")
    assert done.slots == {"amount": {"amount": 120, "currency": "USD"},
                          "to_account": "savings"}
    assert done.messages == ("Done. 120 USD is on its way to your savings account.",)
    assert done.confidence == asked.confidence and done.confidence > 0.3


def test_slots_in_the_first_utterance_are_not_asked_again(connector: NativeConnector,
                                                          bank: BotDefinition) -> None:
    [booked] = talk(connector, bank, "can I book an appointment on friday at 10 am please")
    assert (booked.state, booked.slots) == ("fulfilled", {"date": "2026-11-27", "time": "10:00"})
    [card] = talk(connector, bank, "my mastercard was stolen", session="card")
    assert (card.intent, card.slots) == ("ReportLostCard", {"card": "credit"})


def test_unanswered_prompts_fail_and_other_intents_switch(connector: NativeConnector,
                                                          bank: BotDefinition) -> None:
    _, retry, failed = talk(connector, bank, "what's my balance", "umm", "no idea")
    assert retry.state == "in_progress"
    assert retry.messages == ("Sorry, I did not catch that. Which account, checking or savings?",)
    assert (failed.state, failed.intent) == ("failed", "CheckBalance")
    _, switched = talk(connector, bank, "what's my balance", "actually I lost my debit card",
                       session="switch")
    assert (switched.state, switched.intent, switched.slots) == (
        "fulfilled", "ReportLostCard", {"card": "debit"})


def test_out_of_scope_falls_back(connector: NativeConnector, bank: BotDefinition) -> None:
    [lost] = talk(connector, bank, "who won the tennis last night")
    assert (lost.state, lost.intent) == ("fallback", None)
    assert lost.raw["ranking"][0][0] == "__out_of_scope__"
    assert lost.messages[0].startswith("Sorry, I can help with")


def test_the_context_can_travel_with_the_turn(cache: ModelCache, bank: BotDefinition) -> None:
    first = NativeConnector(cache=cache).turn(turn("Bank", "check my balance", 1, "ctx"), bank)
    other_host = NativeConnector(cache=cache)
    answer = other_host.turn(TurnWithContext("ask", "Bank", "checking", 2, "ctx",
                                             context=first.raw["context"]), bank)
    assert (answer.state, answer.slots) == ("fulfilled", {"account": "checking"})


def test_models_are_trained_once_per_definition(document: dict[str, Any], tmp_path: Path) -> None:
    cache = ModelCache(directory=tmp_path)
    bot = load_native_bot(document)
    assert cache.classifier(bot) is cache.classifier(bot)
    assert cache.trained == 1 and len(list(tmp_path.glob("*.joblib"))) == 1
    restarted = ModelCache(directory=tmp_path)
    prediction = restarted.classifier(bot).predict("I lost my card", bot.threshold)
    assert restarted.trained == 0 and prediction.intent == "ReportLostCard"
    edited = copy.deepcopy(document)
    edited["intents"][0]["examples"].append("balance enquiry")
    assert ModelCache.key(load_native_bot(edited)) != ModelCache.key(bot)


def test_slot_reader_types(document: dict[str, Any]) -> None:
    reader = SlotReader(load_native_bot(document), today=lambda: TODAY)
    account = Slot("account", "account_type", "?")
    found = reader.read([Slot("when", "date", "?"), Slot("at", "time", "?"),
                         Slot("n", "number", "?"), account],
                        "move twelve from my savngs account on 3 Dec 2026 at 2:30 pm")
    assert {name: match.value for name, match in found.items()} == {
        "when": "2026-12-03", "at": "14:30", "n": 12, "account": "savings"}
    chequing = reader.answer(account, "the chequing one")
    note = reader.answer(Slot("note", "text", "?"), "  call me   back ")
    assert chequing is not None and chequing.value == "checking"
    assert note is not None and note.value == "call me back"
    assert reader.answer(account, "pizza") is None
    assert loose_date("next monday", TODAY) == "2026-11-30"
    assert loose_date("november 2nd", TODAY) == "2027-11-02"
    assert loose_date("the dog", TODAY) is None
    assert fill("{a} and {b} and {c}", {"a": 1, "b": {"amount": 5, "currency": "EUR"}}) == \
        "1 and 5 EUR and {c}"


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(colour="blue"), "colour"),
    (lambda d: d["intents"][0]["slots"][0].update(type="planet"), "type 'planet'"),
    (lambda d: d["intents"].append(copy.deepcopy(d["intents"][0])), "defined twice"),
    (lambda d: d.update(format_version=9), "format_version"),
])
def test_bad_definitions_are_refused(document: dict[str, Any], change: Any, message: str) -> None:
    broken = copy.deepcopy(document)
    change(broken)
    with pytest.raises(ValidationError, match=message):
        load_native_bot(broken)


def test_connector_reports_an_invalid_definition(connector: NativeConnector,
                                                 document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    broken["intents"][0]["slots"][0]["type"] = "planet"
    definition = load_definition({"name": "Broken", "provider": "native", "native": broken})
    response = connector.turn(turn("Broken", "hi"), definition)
    assert response.error is not None
    assert response.error.startswith("native bot 'Broken' has an invalid definition: intents")
