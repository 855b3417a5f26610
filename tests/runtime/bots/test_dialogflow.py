"""Dialogflow ES and CX through the real google-cloud clients against the local gRPC server."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from runtime.bots.dialogflow_common import plain_address, plain_json, regional_host
from runtime.bots.dialogflow_cx import DialogflowCXConnector
from runtime.bots.dialogflow_cx import session_path as cx_session_path
from runtime.bots.dialogflow_es import DialogflowESConnector
from runtime.bots.dialogflow_es import session_path as es_session_path
from tests.bots_servers import DialogflowServer, Fault
from tests.runtime.bots.conftest import FAST_RETRY, TurnWithContext, turn
from tests.runtime.bots.scripts import CX_AGENT, ES_PROJECT, cx_definition, es_definition


@pytest.fixture
def es() -> Iterator[DialogflowESConnector]:
    connector = DialogflowESConnector(retry=FAST_RETRY)
    yield connector
    connector.close()


@pytest.fixture
def cx() -> Iterator[DialogflowCXConnector]:
    connector = DialogflowCXConnector(retry=FAST_RETRY)
    yield connector
    connector.close()


def test_es_welcome_slot_filling_and_fallback(dialogflow: DialogflowServer,
                                             es: DialogflowESConnector) -> None:
    definition = es_definition(dialogflow.address, language="en-GB")
    opening = es.turn(turn("FaqBotES", None, language=""), definition)
    assert (opening.state, opening.messages) == ("in_progress", ("Hi! How can I help you?",))
    service, request = dialogflow.requests[0]
    assert service == "es" and request.query_input.event.name == "WELCOME"
    assert request.query_input.event.language_code == "en-GB"

    asked = es.turn(turn("FaqBotES", "where is your store?", 2), definition)
    assert (asked.state, asked.intent, asked.messages) == (
        "in_progress", "StoreLocation", ("In which city?",))
    answered = es.turn(turn("FaqBotES", "Paris", 3), definition)
    assert (answered.state, answered.intent) == ("fulfilled", "StoreLocation")
    assert answered.slots == {"city": "Paris"}
    assert answered.messages == ("Our Paris store is on the main square.",)
    assert answered.confidence == pytest.approx(0.92)
    assert answered.raw["query_result"]["intent"]["display_name"] == "StoreLocation"

    lost = es.turn(turn("FaqBotES", "sing me a song", 4), definition)
    assert (lost.state, lost.intent) == ("fallback", "Default Fallback Intent")
    assert dialogflow.requests[1][1].session == f"projects/{ES_PROJECT}/agent/sessions/session-1"


def test_cx_form_filling_keeps_the_intent_and_ends_the_session(
        dialogflow: DialogflowServer, cx: DialogflowCXConnector) -> None:
    definition = cx_definition(dialogflow.address)
    opening = cx.turn(turn("FaqBot", None, session="cx-1"), definition)
    assert opening.state == "in_progress"
    welcome = dialogflow.requests[0][1].query_input
    assert welcome.intent.intent.endswith("/intents/00000000-0000-0000-0000-000000000000")

    asked = cx.turn(turn("FaqBot", "where are you?", 2, session="cx-1"), definition)
    assert (asked.state, asked.intent, asked.messages) == (
        "in_progress", "StoreLocation", ("In which city?",))
    answered = cx.turn(turn("FaqBot", "berlin", 3, session="cx-1"), definition)
    assert (answered.state, answered.intent, answered.slots) == (
        "fulfilled", "StoreLocation", {"city": "berlin"})
    assert answered.confidence == pytest.approx(0.92)
    assert answered.raw["query_result"]["current_page"]["display_name"] == "End Session"
    assert dialogflow.requests[1][1].session == (
        f"projects/{ES_PROJECT}/locations/europe-west1/agents/{CX_AGENT}/sessions/cx-1")
    assert dialogflow.requests[1][1].query_input.language_code == "en-US"

    lost = cx.turn(turn("FaqBot", "blah", 4, session="cx-1"), definition)
    assert (lost.state, lost.intent) == ("fallback", None)
    assert lost.messages == ("Sorry, I can answer questions about our stores.",)


def test_cx_dtmf_goes_as_dtmf_input(dialogflow: DialogflowServer,
                                    cx: DialogflowCXConnector) -> None:
    cx.turn(turn("FaqBot", "12#", dtmf="12#", session="cx-dtmf"),
            cx_definition(dialogflow.address))
    dtmf = dialogflow.requests[0][1].query_input.dtmf
    assert (dtmf.digits, dtmf.finish_digit) == ("12", "#")


@pytest.mark.parametrize("provider", ["es", "cx"])
def test_retries_unavailable_and_throttling_then_succeeds(
        dialogflow: DialogflowServer, es: DialogflowESConnector, cx: DialogflowCXConnector,
        provider: str) -> None:
    connector, definition = ((es, es_definition(dialogflow.address)) if provider == "es"
                             else (cx, cx_definition(dialogflow.address)))
    dialogflow.faults.add(Fault("unavailable"), Fault("throttle"))
    response = connector.turn(turn(definition.name, "when are you open?", session="r1"),
                              definition)
    assert (response.error, response.intent) == (None, "OpeningHours")
    assert len(dialogflow.requests) == 3


def test_retries_give_up_with_a_readable_error(dialogflow: DialogflowServer,
                                               cx: DialogflowCXConnector) -> None:
    dialogflow.faults.add(*[Fault("throttle")] * 4)
    response = cx.turn(turn("FaqBot", "hours?"), cx_definition(dialogflow.address,
                                                               max_retries=2))
    assert response.error == ("bot 'FaqBot' is receiving too many requests (throttled) "
                              "(tried 3 times)")
    assert len(dialogflow.requests) == 3


@pytest.mark.parametrize("fault, message", [
    (Fault("not_found"), "bot 'FaqBot' was not found (check its id and alias)"),
    (Fault("access_denied"), "bot 'FaqBot' refused the credentials"),
    (Fault("unauthenticated"), "bot 'FaqBot' refused the credentials"),
    (Fault("invalid", message="bad language"), "bot 'FaqBot' rejected the request: "
                                               "bad language"),
])
def test_errors_are_readable_and_not_retried(dialogflow: DialogflowServer,
                                             cx: DialogflowCXConnector, fault: Fault,
                                             message: str) -> None:
    dialogflow.faults.add(fault)
    response = cx.turn(turn("FaqBot", "hours?"), cx_definition(dialogflow.address))
    assert response.error is not None and response.error.startswith(message)
    assert response.state == "failed" and len(dialogflow.requests) == 1


def test_unknown_agent_is_not_found(dialogflow: DialogflowServer, es: DialogflowESConnector,
                                    cx: DialogflowCXConnector) -> None:
    assert es.turn(turn("FaqBotES", "hi"), es_definition(
        dialogflow.address, project="nobody")).error == (
        "bot 'FaqBotES' was not found (check its id and alias)")
    assert cx.turn(turn("FaqBot", "hi"), cx_definition(
        dialogflow.address, agent="nobody")).error == (
        "bot 'FaqBot' was not found (check its id and alias)")


@pytest.mark.parametrize("provider", ["es", "cx"])
def test_timeout_becomes_an_error(dialogflow: DialogflowServer, es: DialogflowESConnector,
                                  cx: DialogflowCXConnector, provider: str) -> None:
    connector, definition = ((es, es_definition(dialogflow.address, timeout_ms=300))
                             if provider == "es"
                             else (cx, cx_definition(dialogflow.address, timeout_ms=300)))
    dialogflow.faults.delay_s = 1.5
    started = time.monotonic()
    response = connector.turn(turn(definition.name, "hours?", session="slow"), definition)
    assert response.error == "the bot did not answer in 0.3 s"
    assert time.monotonic() - started < 1.2


def test_the_turn_timeout_overrides_the_registry(dialogflow: DialogflowServer,
                                                 cx: DialogflowCXConnector) -> None:
    dialogflow.faults.delay_s = 1.5
    slow = TurnWithContext("ask", "FaqBot", "hours?", 1, "slow-2", timeout_ms=200)
    response = cx.turn(slow, cx_definition(dialogflow.address))
    assert response.error == "the bot did not answer in 0.2 s"


def test_server_down_is_unavailable(cx: DialogflowCXConnector) -> None:
    with DialogflowServer() as gone:
        address = gone.address
    response = cx.turn(turn("FaqBot", "hours?"), cx_definition(address, timeout_ms=1500,
                                                               max_retries=1))
    assert response.error == "bot 'FaqBot' is unavailable right now (tried 2 times)"


def test_paths_endpoints_and_parameters() -> None:
    definition = es_definition("127.0.0.1:1", region="europe-west2", environment="live")
    assert es_session_path(definition, "abc") == (
        f"projects/{ES_PROJECT}/locations/europe-west2/agent/environments/live/users/-"
        "/sessions/abc")
    long_key = "f" * 32 + "-a_block_with_a_long_id"
    path = cx_session_path(cx_definition("127.0.0.1:1", environment="draft"), long_key)
    assert "/environments/draft/sessions/" in path and len(path.rsplit("/", 1)[-1]) == 36
    assert plain_address("127.0.0.1:8443") == "127.0.0.1:8443"
    assert plain_address("http://bots.internal:80") == "bots.internal:80"
    assert plain_address("localhost:9000") == "localhost:9000"
    assert plain_address("dialogflow.googleapis.com") is None
    assert plain_address("https://127.0.0.1:9") is None
    assert regional_host("global") == "dialogflow.googleapis.com"
    assert regional_host("europe-west1") == "europe-west1-dialogflow.googleapis.com"
    assert plain_json({"n": 2.0, "x": [1.5, {"k": 3.0}]}) == {"n": 2, "x": [1.5, {"k": 3}]}


def test_a_bad_service_account_is_a_credentials_error(cx: DialogflowCXConnector) -> None:
    definition = cx_definition("dialogflow.googleapis.com",
                               credentials={"service_account_info": {"type": "nonsense"}})
    response = cx.turn(turn("FaqBot", "hours?"), definition)
    assert response.error is not None and "refused the credentials" in response.error
