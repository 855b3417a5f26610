"""The scripted bots the connector tests talk to, and their registry definitions."""

from __future__ import annotations

from typing import Any

from runtime.bots.definition import BotDefinition, load_definition
from tests.bots_servers import ScriptedBot

LEX_BOT_ID = "PIZZABOT01"
LEX_ALIAS_ID = "TSTALIASID"
ACCESS_KEY = "AKIDLOCALTEST0000001"
ES_PROJECT = "acme-faq"
CX_AGENT = "7c1f0a4e-0000-4000-8000-00000000cafe"

PIZZA = ScriptedBot.from_dict({
    "intents": [
        {"name": "Greeting", "patterns": [r"^(hello|hi)\b"], "outcome": "continue",
         "reply": "Hi! What can I get you?"},
        {"name": "OrderPizza", "patterns": [r"\bpizza\b", r"\border\b"],
         "slots": [
             {"name": "size", "pattern": r"\b(small|medium|large|big)\b",
              "prompt": "What size would you like?", "synonyms": {"big": "large"}},
             {"name": "topping", "pattern": r"\b(cheese|ham|mushrooms?|pepperoni)\b",
              "prompt": "Which topping?"},
         ],
         "reply": "One {size} {topping} pizza, coming up."},
        {"name": "CancelOrder", "patterns": [r"\bcancel\b"], "outcome": "failed",
         "reply": "I could not cancel it."},
    ],
    "fallback_reply": "Sorry, I only take pizza orders.",
})

FAQ = ScriptedBot.from_dict({
    "intents": [
        {"name": "OpeningHours", "patterns": [r"\bopen\b", r"\bhours\b"],
         "reply": "We are open 9 am to 9 pm every day.", "confidence": 0.88},
        {"name": "PlaceOrder", "patterns": [r"\border\b", r"\bbuy\b"],
         "reply": "Let me pass you to our ordering assistant."},
        {"name": "Agent", "patterns": [r"\b(person|agent|human)\b"],
         "reply": "Connecting you to an agent."},
        {"name": "StoreLocation", "patterns": [r"\bwhere\b"],
         "slots": [{"name": "city", "pattern": r"\b(paris|london|berlin)\b",
                    "prompt": "In which city?"}],
         "reply": "Our {city} store is on the main square."},
    ],
    "fallback_reply": "Sorry, I can answer questions about our stores.",
})

DUMMY_AWS = {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": "local-secret-not-real"}


def lex_definition(endpoint: str, **overrides: Any) -> BotDefinition:
    return load_definition({"name": "OrderBot", "provider": "lex", "bot_id": LEX_BOT_ID,
                            "alias_id": LEX_ALIAS_ID, "locale": "en_US", "region": "eu-west-1",
                            "endpoint": endpoint, "credentials": DUMMY_AWS, **overrides})


def es_definition(endpoint: str, **overrides: Any) -> BotDefinition:
    return load_definition({"name": "FaqBotES", "provider": "dialogflow_es",
                            "project": ES_PROJECT, "endpoint": endpoint, **overrides})


def cx_definition(endpoint: str, **overrides: Any) -> BotDefinition:
    return load_definition({"name": "FaqBot", "provider": "dialogflow_cx", "project": ES_PROJECT,
                            "agent": CX_AGENT, "region": "europe-west1", "endpoint": endpoint,
                            **overrides})
