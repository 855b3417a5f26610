"""Lex V2 through the real boto3 client against the local Lex server."""

from __future__ import annotations

import time

import pytest

from runtime.bots.lex import LexConnector
from runtime.bots.lex_mapping import decode_header, dialog_state, encode_header
from runtime.bots.sessions import MemoryContextStore
from tests.bots_servers import Fault, LexServer
from tests.runtime.bots.conftest import FAST_RETRY, TurnWithContext, turn
from tests.runtime.bots.scripts import lex_definition


@pytest.fixture
def connector() -> LexConnector:
    return LexConnector(retry=FAST_RETRY)


def test_multi_turn_slot_filling_carries_session_state(lex: LexServer,
                                                       connector: LexConnector) -> None:
    definition = lex_definition(lex.url)
    first = connector.turn(turn("OrderBot", "I'd like a big pizza"), definition)
    assert (first.state, first.intent) == ("in_progress", "OrderPizza")
    assert first.slots == {"size": "large", "topping": None}
    assert first.messages == ("Which topping?",)
    assert first.confidence == pytest.approx(0.92)

    second = connector.turn(turn("OrderBot", "ham", 2), definition)
    assert (second.state, second.intent) == ("fulfilled", "OrderPizza")
    assert second.slots == {"size": "large", "topping": "ham"}
    assert second.messages == ("One large ham pizza, coming up.",)

    sent = lex.requests[1]["body"]["sessionState"]
    assert sent["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "topping"}
    assert sent["intent"]["slots"] == {"size": {"value": {
        "originalValue": "big", "interpretedValue": "large", "resolvedValues": ["large"]}}}
    assert lex.requests[0]["locale"] == "en_US"
    assert second.raw["context"]["sessionState"]["intent"]["state"] == "Fulfilled"


def test_context_carried_by_the_turn_wins_over_the_store(lex: LexServer) -> None:
    definition = lex_definition(lex.url)
    first = LexConnector(retry=FAST_RETRY).turn(turn("OrderBot", "pizza", session="n1"),
                                                definition)
    lex.sessions.clear()
    other_host = LexConnector(contexts=MemoryContextStore(), retry=FAST_RETRY)
    carried = TurnWithContext("ask", "OrderBot", "small", 2, "n1", context=first.raw["context"])
    second = other_host.turn(carried, definition)
    assert second.slots == {"size": "small", "topping": None}
    assert second.messages == ("Which topping?",)


def test_opening_turn_and_fallback(lex: LexServer, connector: LexConnector) -> None:
    definition = lex_definition(lex.url)
    opening = connector.turn(turn("OrderBot", None, session="o1"), definition)
    assert lex.requests[0]["body"]["text"] == "Hello"
    assert (opening.state, opening.intent) == ("in_progress", None)
    assert opening.messages == ("Hi! What can I get you?",)
    lost = connector.turn(turn("OrderBot", "what's the weather", 2, session="o1"), definition)
    assert (lost.state, lost.intent) == ("fallback", "FallbackIntent")
    assert lost.messages == ("Sorry, I only take pizza orders.",)
    failed = connector.turn(turn("OrderBot", "cancel it", 3, session="o1"), definition)
    assert (failed.state, failed.intent) == ("failed", "CancelOrder")


def test_session_ids_are_made_acceptable_to_lex(lex: LexServer, connector: LexConnector) -> None:
    key = "visitor@example.com/" + "x" * 120
    connector.turn(turn("OrderBot", "pizza", session=key), lex_definition(lex.url))
    session_id = lex.requests[0]["session"]
    assert session_id.startswith("visitor.example.com.x") and len(session_id) <= 100
    connector.turn(turn("OrderBot", "small", 2, session=key), lex_definition(lex.url))
    assert lex.requests[1]["session"] == session_id


def test_voice_utterance_decodes_lex_headers(lex: LexServer, connector: LexConnector) -> None:
    definition = lex_definition(lex.url)
    connector.turn(turn("OrderBot", "a pizza", session="v1"), definition)
    spoken = connector.turn_audio(turn("OrderBot", None, 2, session="v1"), definition,
                                  b"medium please")
    assert (spoken.state, spoken.slots) == ("in_progress", {"size": "medium", "topping": None})
    assert spoken.raw["inputTranscript"] == "medium please"
    assert spoken.messages == ("Which topping?",)
    request = lex.requests[1]
    assert request["kind"] == "utterance" and request["audio"] == b"medium please"
    assert request["headers"]["content-type"].startswith("audio/l16")
    assert request["sessionState"]["intent"]["name"] == "OrderPizza"


def test_retries_throttling_then_succeeds(lex: LexServer, connector: LexConnector) -> None:
    lex.faults.add(Fault("throttle"), Fault("unavailable"))
    response = connector.turn(turn("OrderBot", "large cheese pizza", session="r1"),
                              lex_definition(lex.url))
    assert response.error is None and response.state == "fulfilled"
    assert len(lex.requests) == 3


def test_retries_are_bounded(lex: LexServer, connector: LexConnector) -> None:
    lex.faults.add(*[Fault("bad_gateway")] * 3)
    response = connector.turn(turn("OrderBot", "pizza", session="r2"),
                              lex_definition(lex.url, max_retries=1))
    assert response.error == "bot 'OrderBot' is unavailable right now (tried 2 times)"
    assert len(lex.requests) == 2


@pytest.mark.parametrize("fault, message", [
    (Fault("not_found"), "bot 'OrderBot' was not found (check its id and alias)"),
    (Fault("access_denied"), "bot 'OrderBot' refused the credentials"),
    (Fault("invalid", message="Invalid locale"), "bot 'OrderBot' rejected the request: "
                                                 "Invalid locale"),
])
def test_modelled_errors_are_readable_and_not_retried(lex: LexServer, connector: LexConnector,
                                                      fault: Fault, message: str) -> None:
    response = connector.turn(turn("OrderBot", "pizza"), lex_definition(lex.url))
    assert response.error is None
    lex.faults.add(fault)
    response = connector.turn(turn("OrderBot", "pizza", session="e1"), lex_definition(lex.url))
    assert response.error is not None and response.error.startswith(message)
    assert len(lex.requests) == 2


def test_unknown_bot_and_wrong_keys(lex: LexServer, connector: LexConnector) -> None:
    missing = connector.turn(turn("OrderBot", "pizza"),
                             lex_definition(lex.url, bot_id="NOSUCHBOT1"))
    assert missing.error == "bot 'OrderBot' was not found (check its id and alias)"
    wrong = connector.turn(turn("OrderBot", "pizza"), lex_definition(
        lex.url, credentials={"aws_access_key_id": "AKIDWRONG", "aws_secret_access_key": "x"}))
    assert wrong.error is not None and "refused the credentials" in wrong.error


def test_timeout_becomes_an_error(lex: LexServer, connector: LexConnector) -> None:
    lex.faults.delay_s = 2.0
    started = time.monotonic()
    response = connector.turn(turn("OrderBot", "pizza", session="t1"),
                              lex_definition(lex.url, timeout_ms=400))
    assert response.error == "the bot did not answer in 0.4 s"
    assert time.monotonic() - started < 1.5


def test_unreachable_endpoint(connector: LexConnector) -> None:
    with LexServer({}) as gone:
        url = gone.url
    response = connector.turn(turn("OrderBot", "pizza"),
                              lex_definition(url, timeout_ms=1000, max_retries=1))
    assert response.error is not None and "could not be reached" in response.error


def test_header_codec_and_state_mapping() -> None:
    assert decode_header(encode_header({"a": [1, "é"]})) == {"a": [1, "é"]}
    assert decode_header(None) is None
    assert dialog_state({"dialogAction": {"type": "ConfirmIntent"},
                         "intent": {"name": "X", "state": "InProgress"}}) == "in_progress"
    assert dialog_state({"dialogAction": {"type": "Close"},
                         "intent": {"name": "X", "state": "ReadyForFulfillment"}}) == "fulfilled"
    assert dialog_state({"dialogAction": {"type": "Close"}}) == "fallback"
    assert dialog_state({"dialogAction": {"type": "ElicitIntent"}}) == "in_progress"


def test_keyed_digits_go_without_their_terminator(lex: LexServer,
                                                  connector: LexConnector) -> None:
    connector.turn(turn("OrderBot", "2#", dtmf="2#", session="d1"), lex_definition(lex.url))
    assert lex.requests[0]["body"]["text"] == "2"
