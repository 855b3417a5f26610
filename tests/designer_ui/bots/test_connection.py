"""`POST /bots/{name}/test`: one utterance through the real connector (boto3 and the Google
client against the local servers, the native engine in-process), its answer shown as is."""

from __future__ import annotations

import json

from tests.bots_servers import DialogflowServer, LexServer
from tests.designer_ui.bots.conftest import (
    SECRETS,
    cx_entry,
    lex_entry,
    native_entry,
    register,
)
from tests.designer_ui.helpers import Api


def test_a_lex_bot_answers_through_boto3(developer: Api, lex: LexServer) -> None:
    register(developer, lex_entry(lex.url))
    result = developer.post("bots/OrderBot/test", json={"text": "a large pizza"})
    assert result.status_code == 200, result.json
    assert result.json["ok"] is True
    assert (result.json["state"], result.json["intent"]) == ("in_progress", "OrderPizza")
    assert result.json["slots"]["size"] == "large"
    assert result.json["messages"] == ["Which topping?"]
    assert isinstance(result.json["elapsed_ms"], int)
    assert len(lex.requests) == 1
    assert all(secret not in json.dumps(result.json) for secret in SECRETS)


def test_a_dialogflow_cx_bot_answers_through_the_google_client(developer: Api,
                                                               dialogflow: DialogflowServer) -> None:
    register(developer, cx_entry(dialogflow.address))
    result = developer.post("bots/FaqBot/test", json={"text": "when are you open?"})
    assert result.json["ok"] is True, result.json
    assert result.json["intent"] == "OpeningHours"
    assert result.json["messages"] == ["We are open 9 am to 9 pm every day."]


def test_a_native_bot_answers_in_process(developer: Api) -> None:
    register(developer, native_entry())
    result = developer.post("bots/BankBot/test", json={"text": "I lost my card"})
    assert (result.json["intent"], result.json["state"]) == ("ReportCard", "in_progress")
    assert result.json["messages"] == ["What are the last digits?"]
    opening = developer.post("bots/BankBot/test", json={})
    assert opening.json["ok"] is True and opening.json["messages"]


def test_failures_are_shown_as_the_flow_would_see_them(developer: Api, lex: LexServer) -> None:
    register(developer, lex_entry(lex.url, credentials={
        "aws_access_key_id": "AKIDSOMEONEELSE00001", "aws_secret_access_key": "wrong-secret-x"}))
    refused = developer.post("bots/OrderBot/test", json={"text": "pizza"})
    assert refused.status_code == 200
    assert refused.json["ok"] is False and refused.json["state"] == "failed"
    assert "refused the credentials" in refused.json["error"]
    assert "AKIDSOMEONEELSE00001" not in json.dumps(refused.json)
    register(developer, lex_entry("http://127.0.0.1:9", name="Nowhere", timeout_ms=300,
                                  max_retries=0))
    unreachable = developer.post("bots/Nowhere/test", json={"text": "pizza"})
    assert unreachable.json["ok"] is False
    assert "could not be reached" in unreachable.json["error"]
    assert developer.post("bots/Ghost/test", json={"text": "hi"}).status_code == 404


def test_a_provider_echoing_a_credential_is_redacted(developer: Api, lex: LexServer) -> None:
    from tests.bots_servers import Fault

    register(developer, lex_entry(lex.url))
    lex.faults.add(Fault("invalid", message="bad signature for lex-secret-Zq9XvY3KpL7mW2tR"))
    result = developer.post("bots/OrderBot/test", json={"text": "pizza"})
    assert result.json["ok"] is False
    assert "rejected the request" in result.json["error"]
    assert "[redacted]" in result.json["error"]
    assert all(secret not in json.dumps(result.json) for secret in SECRETS)
