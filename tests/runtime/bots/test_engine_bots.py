"""A flow that uses two bots of different providers in one session, driven through the engine.

The FAQ bot is a Dialogflow CX agent and the ordering bot a Lex bot, both on the local servers
and reached through the real client libraries. The test plays the host: each `BotTurn` effect
goes to the dispatcher, and the `BotResponse` goes back into the engine (the session state is
saved and reloaded as JSON at every step by the engine test driver). On voice, keys the caller
presses are mapped to intents by the block's `dtmf` prop, without asking the bot.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from blocks import shared_registry
from interpreter.engine.effects import BotTurn, Route
from interpreter.engine.engine import Step
from interpreter.engine.events import Input, RouteResult
from interpreter.loader import load_flow
from interpreter.validation import validate_flow
from runtime.bots import BotDispatcher, RegistryBotConnector, StaticDefinitions
from runtime.bots.dialogflow_cx import DialogflowCXConnector
from runtime.bots.lex import LexConnector
from tests.bots_servers import DialogflowServer, LexServer
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document
from tests.runtime.bots.conftest import FAST_RETRY
from tests.runtime.bots.scripts import cx_definition, lex_definition

SHOP = flow_document(
    {
        "faq": {"type": "bot", "props": {
            "bot": "FaqBot", "prompts": [{"tts": "Welcome to Pizza Planet. Ask me anything."}],
            "intents": ["OpeningHours", "PlaceOrder", "Agent"], "max_turns": 3,
            "dtmf": {"1": "PlaceOrder", "0": "Agent"}},
            "next": {"OpeningHours": "more", "PlaceOrder": "order", "error": "sorry"}},
        "more": {"type": "play_message", "props": {"prompts": [{"tts": "Anything else?"}]},
                 "next": {"next": "faq"}},
        "order": {"type": "bot", "props": {
            "bot": "OrderBot", "prompts": [{"tts": "What would you like?"}],
            "intents": ["OrderPizza"], "result_variable": "order"},
            "next": {"OrderPizza": "confirm", "error": "sorry"}},
        "confirm": {"type": "play_message", "props": {"prompts": [
            {"tts": "Your {{ order.slots.size }} {{ order.slots.topping }} pizza is on its "
                    "way."}]},
            "next": {"next": "bye"}},
        "sorry": {"type": "play_message", "props": {"prompts": [
            {"tts": "Sorry: {{ system.LastError.message }}"}]}, "next": {"next": "bye"}},
        "bye": {"type": "terminate", "props": {"reason": "served"}},
        "agent": {"type": "route", "props": {"target": {"type": "queue", "value": "pizza"},
                                             "skills": ["orders"]}},
    },
    phases={"self_service": "faq", "assisted_service": "agent"},
    variables={"order": {"type": "object"}})


@pytest.fixture
def dispatcher(lex: LexServer, dialogflow: DialogflowServer) -> Iterator[BotDispatcher]:
    faq = DialogflowCXConnector(retry=FAST_RETRY)
    dispatcher = BotDispatcher(
        {"FaqBot": cx_definition(dialogflow.address),
         "OrderBot": lex_definition(lex.url, timeout_ms=500)},
        connectors={"lex": LexConnector(retry=FAST_RETRY), "dialogflow_cx": faq})
    yield dispatcher
    faq.close()


def play(driver: Driver, step: Step, dispatcher: BotDispatcher) -> Step:
    """Carry out bot turns until the session waits for the caller (or something else)."""
    while True:
        turns = [effect for effect in step.effects if isinstance(effect, BotTurn)]
        if not turns:
            return step
        step = driver.send(dispatcher.answer(turns[-1]))


def say(driver: Driver, text: str, dispatcher: BotDispatcher) -> Step:
    return play(driver, driver.send(Input("text", text)), dispatcher)


def heard(driver: Driver) -> list[str]:
    """What the caller heard or read, without the silent waits between bot turns."""
    return [text for text in driver.said() if text]


def test_the_flow_validates() -> None:
    problems = validate_flow(load_flow(SHOP), shared_registry())
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_faq_then_order_with_slots_in_variables(channel: str, dispatcher: BotDispatcher) -> None:
    driver = Driver(SHOP, channel)
    driver.start()
    say(driver, "when are you open?", dispatcher)
    assert heard(driver)[-3:] == ["We are open 9 am to 9 pm every day.", "Anything else?",
                                  "Welcome to Pizza Planet. Ask me anything."]
    say(driver, "I'd like to order food", dispatcher)
    assert heard(driver)[-1] == "What would you like?"
    say(driver, "a big pizza", dispatcher)
    assert heard(driver)[-1] == "Which topping?"
    say(driver, "pepperoni", dispatcher)
    assert heard(driver)[-2:] == ["One large pepperoni pizza, coming up.",
                                  "Your large pepperoni pizza is on its way."]
    order = driver.variable("order")
    assert (order["intent"], order["slots"]) == ("OrderPizza", {"size": "large",
                                                                "topping": "pepperoni"})
    assert order["raw"]["provider"] == "lex"
    assert driver.state["system"]["BotResult"]["intent"] == "OrderPizza"
    assert driver.ended
    bots = [(e.data or {}).get("bot") for e in driver.events if e.kind == "bot_intent"]
    assert bots == ["FaqBot", "FaqBot", "OrderBot"]


def test_agent_intent_leads_to_the_route_block(dispatcher: BotDispatcher) -> None:
    driver = Driver(SHOP, "chat")
    driver.start()
    step = say(driver, "can I talk to a person", dispatcher)
    [route] = [effect for effect in step.effects if isinstance(effect, Route)]
    assert (route.block, route.target_type, route.target) == ("agent", "queue", "pizza")
    driver.send(RouteResult("success"))
    assert driver.ended


def test_a_bot_timeout_takes_the_error_port(lex: LexServer, dispatcher: BotDispatcher) -> None:
    driver = Driver(SHOP, "voice")
    driver.start()
    say(driver, "I want to order", dispatcher)
    lex.faults.delay_s = 2.0
    say(driver, "a pizza", dispatcher)
    assert heard(driver)[-1] == "Sorry: the bot did not answer in 0.5 s"
    assert driver.state["system"]["LastError"]["block"] == "order"
    assert driver.ended


def test_voice_keys_map_to_intents_without_asking_the_bot(
        dispatcher: BotDispatcher, lex: LexServer, dialogflow: DialogflowServer) -> None:
    driver = Driver(SHOP, "voice")
    driver.start()
    play(driver, driver.send(Input("dtmf", "1#")), dispatcher)
    assert heard(driver)[-1] == "What would you like?"
    assert dialogflow.requests == []
    say(driver, "a small ham pizza", dispatcher)
    assert heard(driver)[-1] == "Your small ham pizza is on its way."
    assert driver.variable("order")["slots"] == {"size": "small", "topping": "ham"}
    intents = [(e.data or {}).get("intent") for e in driver.events if e.kind == "bot_intent"]
    assert intents == ["PlaceOrder", "OrderPizza"]


def test_voice_key_for_an_agent_routes(dispatcher: BotDispatcher) -> None:
    driver = Driver(SHOP, "voice")
    driver.start()
    step = play(driver, driver.send(Input("dtmf", "0")), dispatcher)
    [route] = [effect for effect in step.effects if isinstance(effect, Route)]
    assert (route.block, route.target) == ("agent", "pizza")


def test_the_voice_flow_through_the_registry_connector(lex: LexServer,
                                                       dialogflow: DialogflowServer) -> None:
    """The voice host's one connector for all bots: the registry connector."""
    faq = DialogflowCXConnector(retry=FAST_RETRY)
    registry = RegistryBotConnector(
        StaticDefinitions({"FaqBot": cx_definition(dialogflow.address),
                           "OrderBot": lex_definition(lex.url)}),
        connectors={"lex": LexConnector(retry=FAST_RETRY), "dialogflow_cx": faq})
    driver = Driver(SHOP, "voice")
    driver.start()
    step = driver.send(Input("text", "I want to buy something"))
    while turns := [effect for effect in step.effects if isinstance(effect, BotTurn)]:
        step = driver.send(registry.turn(turns[-1]))
    assert heard(driver)[-1] == "What would you like?"
    for text in ("large pizza", "mushrooms"):
        step = driver.send(Input("text", text))
        while turns := [effect for effect in step.effects if isinstance(effect, BotTurn)]:
            step = driver.send(registry.turn(turns[-1]))
    assert heard(driver)[-1] == "Your large mushrooms pizza is on its way."
    assert driver.ended
    faq.close()
