"""Registry definitions, the dispatcher, the retry loop and per-session context."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

from interpreter.engine.events import BotResponse
from runtime.bots import BotDispatcher, MemoryContextStore, RetryPolicy, load_definition, to_dict
from runtime.bots.connector import BotConnector
from runtime.bots.definition import BotDefinition
from runtime.bots.errors import BotFailure, throttled
from runtime.bots.retry import call_with_retries
from runtime.bots.sessions import dialogflow_session_id, lex_session_id
from tests.runtime.bots.conftest import turn

LEX = {"name": "Orders", "provider": "lex", "bot_id": "ABCDEFGHIJ", "alias_id": "TSTALIASID",
       "credentials": {"aws_access_key_id": "AKIDSECRETVALUE", "aws_secret_access_key": "s3cr3t"}}


def test_definitions_load_strictly_and_hide_credentials() -> None:
    definition = load_definition(LEX)
    assert (definition.provider, definition.timeout_ms, definition.max_retries) == ("lex", 8000, 2)
    assert "s3cr3t" not in repr(definition) and "AKID" not in repr(definition)
    assert "credentials" not in to_dict(definition)
    assert load_definition(to_dict(definition, with_credentials=True)) == definition
    changed = load_definition({**LEX, "credentials": {"aws_access_key_id": "other"}})
    assert changed.fingerprint() != definition.fingerprint()


@pytest.mark.parametrize("document, field", [
    ({**LEX, "colour": "red"}, "colour"),
    ({**LEX, "provider": "watson"}, "provider"),
    ({"name": "Faq", "provider": "dialogflow_cx", "project": "p"}, "agent"),
    ({"name": "Mine", "provider": "native"}, "native"),
    ({**LEX, "timeout_ms": 5}, "timeout_ms"),
])
def test_bad_definitions_name_the_field(document: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        load_definition(document)
    assert field in raised.value.messages


class Echo:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def turn(self, effect: Any, definition: BotDefinition) -> BotResponse:
        self.seen.append((effect.bot, definition.provider))
        return BotResponse("fulfilled", "Echo", messages=(str(effect.text),))


def test_dispatcher_routes_by_provider_and_builds_connectors_lazily() -> None:
    built: list[str] = []
    echo = Echo()

    def factory() -> BotConnector:
        built.append("lex")
        return echo

    dispatcher = BotDispatcher({"Orders": load_definition(LEX)}, factories={"lex": factory})
    assert built == []
    assert dispatcher.answer(turn("Orders", "hi")).messages == ("hi",)
    dispatcher.answer(turn("Orders", "again"))
    assert built == ["lex"] and echo.seen == [("Orders", "lex")] * 2
    missing = dispatcher.answer(turn("Nobody", "hi"))
    assert missing.error == "bot 'Nobody' is not in the Bot Registry"
    assert isinstance(echo, BotConnector)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_retries_back_off_exponentially_within_the_budget() -> None:
    clock = FakeClock()
    policy = RetryPolicy(base_delay_s=0.1, max_delay_s=0.3, jitter=0.0, sleep=clock.sleep,
                         clock=lambda: clock.now)
    definition = load_definition({**LEX, "max_retries": 5, "timeout_ms": 10000})
    attempts: list[float] = []

    def always_busy(left: float) -> None:
        attempts.append(left)
        raise RuntimeError("busy")

    with pytest.raises(BotFailure) as raised:
        call_with_retries(always_busy, lambda exc: throttled("Orders"), definition, policy)
    assert clock.sleeps == pytest.approx([0.1, 0.2, 0.3, 0.3, 0.3])
    assert len(attempts) == 6 and attempts[0] == 10.0
    assert raised.value.message.endswith("(tried 6 times)")

    clock.now, clock.sleeps = 0.0, []
    short = load_definition({**LEX, "max_retries": 5, "timeout_ms": 250})
    with pytest.raises(BotFailure):
        call_with_retries(always_busy, lambda exc: throttled("Orders"), short, policy)
    assert clock.sleeps == pytest.approx([0.1])


def test_fatal_failures_are_not_retried() -> None:
    calls: list[float] = []

    def broken(left: float) -> None:
        calls.append(left)
        raise RuntimeError("nope")

    with pytest.raises(BotFailure, match="was not found"):
        call_with_retries(broken, lambda exc: BotFailure("fatal", "bot 'x' was not found"),
                          load_definition(LEX), RetryPolicy(sleep=lambda s: None))
    assert len(calls) == 1


def test_context_store_expires_and_stays_bounded() -> None:
    now = [0.0]
    store = MemoryContextStore(max_sessions=2, ttl_s=10, clock=lambda: now[0])
    store.put("bot", "a", {"n": 1})
    store.put("bot", "b", {"n": 2})
    store.put("bot", "c", {"n": 3})
    assert store.get("bot", "a") is None and store.get("bot", "c") == {"n": 3}
    assert store.get("other", "c") is None
    now[0] = 11.0
    assert store.get("bot", "c") is None


def test_session_ids_fit_each_provider() -> None:
    assert lex_session_id("abc-block_1") == "abc-block_1"
    assert lex_session_id("a b") != lex_session_id("a/b")
    assert dialogflow_session_id("short-key") == "short-key"
    long_key = "x" * 50
    assert len(dialogflow_session_id(long_key)) == 36
    assert dialogflow_session_id(long_key) == dialogflow_session_id(long_key)
