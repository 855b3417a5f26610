"""Local Lex and Dialogflow servers (one per module), fast retry policies, turn helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from interpreter.engine.effects import BotTurn
from runtime.bots.retry import RetryPolicy
from tests.bots_servers import DialogflowServer, LexServer
from tests.runtime.bots.scripts import (
    ACCESS_KEY,
    CX_AGENT,
    ES_PROJECT,
    FAQ,
    LEX_ALIAS_ID,
    LEX_BOT_ID,
    PIZZA,
)

FAST_RETRY = RetryPolicy(base_delay_s=0.01, max_delay_s=0.05)


@dataclass(frozen=True, slots=True)
class TurnWithContext(BotTurn):
    """A `BotTurn` with the fields proposed for the engine: the previous turn's context and
    the block's timeout."""

    context: dict[str, Any] | None = None
    timeout_ms: int | None = None


def turn(bot: str, text: str | None, number: int = 1, session: str = "session-1",
         **extra: Any) -> BotTurn:
    return BotTurn("ask", bot, text, number, session, **extra)


@pytest.fixture(scope="module")
def lex_server() -> Iterator[LexServer]:
    with LexServer({(LEX_BOT_ID, LEX_ALIAS_ID): PIZZA}, access_key_id=ACCESS_KEY) as server:
        yield server


@pytest.fixture
def lex(lex_server: LexServer) -> Iterator[LexServer]:
    """The module's Lex server with its requests, faults and delay reset for each test."""
    lex_server.requests.clear()
    yield lex_server
    lex_server.faults.clear()


@pytest.fixture(scope="module")
def dialogflow_server() -> Iterator[DialogflowServer]:
    with DialogflowServer(es_agents={ES_PROJECT: FAQ}, cx_agents={CX_AGENT: FAQ}) as server:
        yield server


@pytest.fixture
def dialogflow(dialogflow_server: DialogflowServer) -> Iterator[DialogflowServer]:
    dialogflow_server.requests.clear()
    yield dialogflow_server
    dialogflow_server.faults.clear()
