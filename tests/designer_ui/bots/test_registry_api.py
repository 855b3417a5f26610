"""The Bot Registry's REST API: create, read, change, delete; validation; write-only credentials
encrypted at rest; a bot's intents for the editor."""

from __future__ import annotations

import json

import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import Flask

from designer_ui.bots.crypto import cipher_for
from designer_ui.extensions import db
from tests.designer_ui.bots.conftest import (
    LEX_SECRET,
    cx_entry,
    lex_entry,
    native_entry,
    register,
)
from tests.designer_ui.helpers import Api, hello_flow
from tests.runtime.bots.scripts import ACCESS_KEY


def stored_credentials(app: Flask, name: str) -> str | None:
    with app.app_context():
        return db.session.execute(sa.text("SELECT credentials FROM bots WHERE name = :name"),
                                  {"name": name}).scalar()


def test_create_read_list_never_show_credentials(app: Flask, developer: Api,
                                                 business: Api) -> None:
    created = register(developer, lex_entry("http://127.0.0.1:9"))
    assert created["credentials_set"] is True
    assert created["credential_fields"] == ["aws_access_key_id", "aws_secret_access_key"]
    assert "credentials" not in created
    assert (created["provider"], created["bot_id"], created["region"]) == ("lex", "PIZZABOT01",
                                                                            "eu-west-1")
    listed = business.get("bots")
    assert [bot["name"] for bot in listed.json] == ["OrderBot"]
    read = business.get("bots/OrderBot")
    assert read.headers["ETag"] == f'"{read.json["revision"]}"'
    for body in (created, listed.json, read.json):
        text = json.dumps(body)
        assert LEX_SECRET not in text and ACCESS_KEY not in text


def test_credentials_are_encrypted_at_rest(app: Flask, developer: Api) -> None:
    register(developer, lex_entry("http://127.0.0.1:9"))
    token = stored_credentials(app, "OrderBot")
    assert token and LEX_SECRET not in token and ACCESS_KEY not in token
    with app.app_context():
        assert cipher_for(app).decrypt(token)["aws_secret_access_key"] == LEX_SECRET
        raw_rows = db.session.execute(sa.text("SELECT * FROM bots")).all()
    assert LEX_SECRET not in repr(raw_rows)


def test_a_configured_fernet_key_is_used(app: Flask) -> None:
    from designer_ui.bots.crypto import CredentialCipher

    key = Fernet.generate_key().decode()
    cipher = CredentialCipher.from_settings(key, "ignored")
    token = cipher.encrypt({"a": "b"})
    assert token is not None and Fernet(key.encode()).decrypt(token.encode()) == b'{"a": "b"}'
    rotated = CredentialCipher.from_settings(f"{Fernet.generate_key().decode()}, {key}", None)
    assert rotated.decrypt(token) == {"a": "b"}
    assert "b" not in repr(cipher)


def test_update_keeps_replaces_or_removes_credentials(app: Flask, developer: Api) -> None:
    entry = lex_entry("http://127.0.0.1:9")
    register(developer, entry)
    body = {key: value for key, value in entry.items() if key not in ("name", "credentials")}
    kept = developer.put("bots/OrderBot", json={**body, "region": "us-west-2"})
    assert kept.status_code == 200, kept.json
    assert kept.json["region"] == "us-west-2" and kept.json["credentials_set"] is True
    with app.app_context():
        assert cipher_for(app).decrypt(stored_credentials(app, "OrderBot"))[
            "aws_secret_access_key"] == LEX_SECRET
    replaced = developer.put("bots/OrderBot", json={**body, "credentials": {
        "profile_name": "ops"}})
    assert replaced.json["credential_fields"] == ["profile_name"]
    removed = developer.put("bots/OrderBot", json={**body, "credentials": None})
    assert removed.json["credentials_set"] is False
    assert stored_credentials(app, "OrderBot") is None


def test_changing_the_provider_drops_credentials_of_the_old_one(developer: Api) -> None:
    register(developer, lex_entry("http://127.0.0.1:9"))
    changed = developer.put("bots/OrderBot", json={"provider": "dialogflow_es",
                                                   "project": "acme"})
    assert changed.status_code == 200, changed.json
    assert changed.json["credentials_set"] is False


def test_stale_if_match_is_refused(developer: Api) -> None:
    register(developer, native_entry())
    body = {"provider": "native", "native": native_entry()["native"], "description": "x"}
    assert developer.put("bots/BankBot", json=body, headers={"If-Match": '"1"'}).status_code == 200
    stale = developer.put("bots/BankBot", json=body, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json["error"]["details"]["current"]["revision"] == 2


def test_validation_names_the_field_and_never_echoes_a_credential(developer: Api) -> None:
    missing = developer.post("bots", json={"name": "X", "provider": "lex", "alias_id": "A"})
    assert missing.status_code == 400
    assert "bot_id" in missing.json["error"]["details"]["fields"]
    wrong_key = developer.post("bots", json=lex_entry("http://127.0.0.1:9", credentials={
        "aws_secret_key": LEX_SECRET}))
    assert wrong_key.status_code == 400
    assert "aws_secret_key" in json.dumps(wrong_key.json)
    assert LEX_SECRET not in json.dumps(wrong_key.json)
    bad_json = developer.post("bots", json=cx_entry("127.0.0.1:1", credentials={
        "service_account_info": "{not json " + LEX_SECRET}))
    assert bad_json.status_code == 400 and LEX_SECRET not in json.dumps(bad_json.json)
    native_intents = developer.post("bots", json={**native_entry(), "intents": [{"name": "A"}]})
    assert native_intents.status_code == 400
    assert "intents" in native_intents.json["error"]["details"]["fields"]
    bad_native = developer.post("bots", json=native_entry(native={"format": "native-bot"}))
    assert bad_native.status_code == 400
    assert "native" in bad_native.json["error"]["details"]["fields"]
    bad_name = developer.post("bots", json={**native_entry(), "name": "../etc"})
    assert bad_name.status_code == 400
    register(developer, native_entry())
    assert developer.post("bots", json=native_entry()).status_code == 409
    assert developer.get("bots/Nobody").status_code == 404


def test_intents_of_native_and_declared_bots(developer: Api, business: Api) -> None:
    register(developer, native_entry())
    register(developer, lex_entry("http://127.0.0.1:9"))
    native = business.get("bots/BankBot/intents").json
    assert native["source"] == "definition"
    assert native["intents"] == [
        {"name": "CheckBalance", "description": "", "slots": []},
        {"name": "ReportCard", "description": "",
         "slots": [{"name": "card", "type": "digits", "required": True}]}]
    declared = business.get("bots/OrderBot/intents").json
    assert declared["source"] == "declared"
    assert [(i["name"], [s["name"] for s in i["slots"]]) for i in declared["intents"]] == [
        ("OrderPizza", ["size", "topping"]), ("CancelOrder", [])]


def test_delete_is_refused_while_a_flow_uses_the_bot(developer: Api) -> None:
    register(developer, native_entry())
    flow = hello_flow("banking", blocks={
        "ask": {"type": "bot", "props": {"bot": "BankBot", "intents": ["CheckBalance"]}}},
        phases={"self_service": "ask"})
    developer.create_flow(flow)
    refused = developer.delete("bots/BankBot")
    assert refused.status_code == 409
    assert refused.json["error"]["details"]["flows"] == ["banking"]
    assert developer.delete("flows/banking").status_code == 204
    assert developer.delete("bots/BankBot").status_code == 204
    assert developer.get("bots/BankBot").status_code == 404


def test_the_audit_log_records_changes_without_values(app: Flask, developer: Api,
                                                      admin: Api) -> None:
    register(developer, lex_entry("http://127.0.0.1:9"))
    developer.put("bots/OrderBot", json={"provider": "lex", "bot_id": "PIZZABOT01",
                                         "alias_id": "TSTALIASID", "region": "us-east-1",
                                         "credentials": {"aws_access_key_id": ACCESS_KEY,
                                                         "aws_secret_access_key": "new-" + LEX_SECRET}})
    entries = admin.get("audit").json
    actions = [(entry["action"], entry["object"]) for entry in entries]
    assert ("bot.create", "bot:OrderBot") in actions and ("bot.update", "bot:OrderBot") in actions
    update = next(entry for entry in entries if entry["action"] == "bot.update")
    assert update["details"]["credentials_changed"] is True
    assert "region" in update["details"]["changed"]
    assert LEX_SECRET not in json.dumps(entries) and ACCESS_KEY not in json.dumps(entries)


def test_the_openapi_document_describes_the_registry(business: Api) -> None:
    spec = business.get("/api/v1/openapi.json").json
    assert {"/bots", "/bots/{name}", "/bots/{name}/test", "/bots/{name}/intents"} <= set(
        spec["paths"])
    assert spec["paths"]["/bots/{name}/test"]["post"]["x-roles"] == ["developer"]
