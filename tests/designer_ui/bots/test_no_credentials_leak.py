"""The Registry's credentials never leave it: every response of every endpoint a bot touches,
the audit log, the logs, the simulator's transcript and the exports are searched for them."""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from designer_ui.extensions import db
from tests.bots_servers import DialogflowServer, LexServer
from tests.designer_ui.bots.conftest import (
    CX_PRIVATE_KEY,
    LEX_SECRET,
    SECRETS,
    cx_entry,
    lex_entry,
    native_entry,
)
from tests.designer_ui.helpers import Api, hello_flow

ORDER_FLOW = hello_flow("order-line", channels=["chat"], phases={"self_service": "order"},
                        variables={"order": {"type": "object"}}, blocks={
    "order": {"type": "bot", "props": {"bot": "OrderBot", "intents": ["OrderPizza"],
                                       "prompts": [{"tts": "What would you like?"}],
                                       "result_variable": "order"},
              "next": {"OrderPizza": "done", "error": "done"}},
    "done": {"type": "play_message", "props": {"prompts": [{"tts": "{{ order.intent }}"}]}},
    "faq": {"type": "bot", "props": {"bot": "FaqBot", "intents": ["OpeningHours"]}},
})


def flush_analytics(app: Flask) -> None:
    """Wait for the analytics writer (when the app runs one) so its rows can be searched too."""
    for extension in app.extensions.values():
        flush = getattr(extension, "flush", None)
        if callable(flush) and type(extension).__name__.endswith("Writer"):
            flush()


class Recorded:
    """Every response body, as text."""

    def __init__(self, api: Api):
        self.api = api
        self.bodies: list[str] = []

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.api.open(method, path, **kwargs)
        data = response.get_data()
        if response.mimetype == "application/zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"\n".join(archive.read(name) for name in archive.namelist())
        self.bodies.append(data.decode())
        self.bodies.append(str(dict(response.headers)))
        return response


def test_credentials_appear_in_no_response_log_or_record(
        app: Flask, developer: Api, admin: Api, lex: LexServer, dialogflow: DialogflowServer,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    call = Recorded(developer)
    as_admin = Recorded(admin)
    assert call("POST", "bots", json=lex_entry(lex.url)).status_code == 201
    assert call("POST", "bots", json=cx_entry(dialogflow.address)).status_code == 201
    assert call("POST", "bots", json=native_entry()).status_code == 201
    for name in ("OrderBot", "FaqBot", "BankBot"):
        call("GET", f"bots/{name}")
        call("GET", f"bots/{name}/intents")
        call("POST", f"bots/{name}/test", json={"text": "a large pizza"})
    call("GET", "bots")
    body = {key: value for key, value in lex_entry(lex.url).items() if key != "name"}
    call("PUT", "bots/OrderBot", json={**body, "region": "us-west-1"})
    call("PUT", "bots/OrderBot", json={**body, "alias_id": ""})
    call("POST", "bots", json=lex_entry(lex.url, bot_id=None))
    call("POST", "bots", json=cx_entry(dialogflow.address, name="Broken", credentials={
        "service_account_info": "not json " + CX_PRIVATE_KEY}))

    developer.create_flow(ORDER_FLOW)
    call("POST", "flows/order-line/versions", json={"comment": "v1"})
    started = call("POST", "simulator/sessions", json={"flow_id": "order-line",
                                                       "channel": "chat"})
    sid = started.json["session_id"]
    call("POST", f"simulator/sessions/{sid}/events", json={"input": {"text": "large pizza"}})
    finished = call("POST", f"simulator/sessions/{sid}/events", json={"input": {"text": "ham"}})
    assert finished.json["state_summary"]["variables"]["order"]["slots"] == {
        "size": "large", "topping": "ham"}
    call("POST", f"simulator/sessions/{sid}/testcase", json={"name": "order"})
    call("GET", "export?flows=order-line")
    call("GET", "flows/order-line/export")
    call("GET", "/api/v1/openapi.json")
    as_admin("GET", "audit?limit=500")
    call("DELETE", "bots/BankBot")

    flush_analytics(app)
    with app.app_context():
        audit = db.session.execute(sa.text("SELECT details FROM audit_log")).all()
        simulations = db.session.execute(sa.text(
            "SELECT transcript, state, settings FROM simulator_sessions")).all()
        everything = [db.session.execute(table.select()).all() for table in db.metadata.sorted_tables]
    searched = {"responses": "\n".join(call.bodies + as_admin.bodies), "audit": repr(audit),
                "simulator": repr(simulations), "database": repr(everything), "logs": caplog.text}
    for where, text in searched.items():
        for secret in SECRETS:
            assert secret not in text, f"a credential appears in the {where}"


def test_the_secret_parts_stay_out_of_debug_logs(developer: Api, lex: LexServer,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """At DEBUG boto3 logs the signed request, whose header names the access key id (boto3's
    own behaviour); the secret key and the service-account key never appear."""
    caplog.set_level(logging.DEBUG)
    developer.post("bots", json=lex_entry(lex.url))
    developer.post("bots/OrderBot/test", json={"text": "pizza"})
    assert LEX_SECRET not in caplog.text and CX_PRIVATE_KEY not in caplog.text
