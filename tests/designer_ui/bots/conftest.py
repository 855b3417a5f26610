"""Bot Registry fixtures: the local Lex and Dialogflow servers (one per module), and entries
for them whose credentials are unmistakable, so tests can grep for them anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from designer_ui.bots.source import DISPATCHER
from designer_ui.outbound import SETTING as OUTBOUND_SETTING
from tests.designer_ui.helpers import Api
from tests.runtime.bots.conftest import dialogflow, dialogflow_server, lex, lex_server
from tests.runtime.bots.scripts import (
    ACCESS_KEY,
    CX_AGENT,
    ES_PROJECT,
    LEX_ALIAS_ID,
    LEX_BOT_ID,
)

LEX_SECRET = "lex-secret-Zq9XvY3KpL7mW2tR"
CX_PRIVATE_KEY = "cx-private-key-Hf83JdkQp0aZ55"
SECRETS = (ACCESS_KEY, LEX_SECRET, CX_PRIVATE_KEY)
__all__ = ["dialogflow", "dialogflow_server", "lex", "lex_server"]  # shared fixtures


@pytest.fixture(autouse=True)
def close_bot_clients(request: pytest.FixtureRequest) -> Iterator[None]:
    """The app's provider clients hold channels to this module's servers: close them after
    each test (the next turn builds new ones)."""
    yield
    if "session_app" in request.fixturenames:
        dispatcher = request.getfixturevalue("session_app").extensions.get(DISPATCHER)
        if dispatcher is not None:
            dispatcher.close()


@pytest.fixture(autouse=True)
def local_bot_servers_allowed(request: pytest.FixtureRequest) -> Iterator[None]:
    """The local Lex and Dialogflow servers listen on 127.0.0.1, which the outbound address
    policy refuses by default: these tests allow-list that one address, as an administrator
    would an internal endpoint. Tests of the policy itself set the value they need."""
    if "session_app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("session_app")
    app.config[OUTBOUND_SETTING] = "127.0.0.1"
    yield
    app.config.pop(OUTBOUND_SETTING, None)


def lex_entry(endpoint: str, name: str = "OrderBot", **overrides: Any) -> dict[str, Any]:
    return {"name": name, "provider": "lex", "bot_id": LEX_BOT_ID, "alias_id": LEX_ALIAS_ID,
            "locale": "en_US", "region": "eu-west-1", "endpoint": endpoint,
            "credentials": {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": LEX_SECRET},
            "intents": [{"name": "OrderPizza", "slots": ["size", "topping"]},
                        {"name": "CancelOrder"}],
            **overrides}


def cx_entry(address: str, name: str = "FaqBot", **overrides: Any) -> dict[str, Any]:
    return {"name": name, "provider": "dialogflow_cx", "project": ES_PROJECT, "agent": CX_AGENT,
            "region": "europe-west1", "endpoint": address,
            "credentials": {"service_account_info": {
                "type": "service_account", "project_id": ES_PROJECT,
                "private_key": CX_PRIVATE_KEY, "client_email": "faq@acme-faq.example"}},
            "intents": [{"name": "OpeningHours"}, {"name": "PlaceOrder"}, {"name": "Agent"},
                        {"name": "StoreLocation", "slots": [{"name": "city", "type": "city"}]}],
            **overrides}


NATIVE_BANK = {
    "format": "native-bot", "format_version": 1, "name": "Mini bank",
    "intents": [
        {"name": "CheckBalance", "examples": ["what is my balance", "how much money do I have",
                                              "show my account balance", "balance please"]},
        {"name": "ReportCard", "examples": ["I lost my card", "my card was stolen",
                                            "block my card", "report a stolen card"],
         "slots": [{"name": "card", "type": "digits", "prompt": "What are the last digits?"}],
         "reply": "Card {card} is blocked."},
    ],
    "out_of_scope": ["what's the weather", "tell me a joke", "who won the game"],
}


def native_entry(name: str = "BankBot", native: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "provider": "native", "native": native or NATIVE_BANK}


def register(api: Api, entry: dict[str, Any]) -> dict[str, Any]:
    response = api.post("bots", json=entry)
    assert response.status_code == 201, response.json
    return dict(response.json)
