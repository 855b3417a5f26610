"""The flow list's tools: copy (history stays behind), delete refused with the reasons, new
flows from examples and installed MicroApps, search inside flows, and where-used."""

from __future__ import annotations

from typing import Any

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from microapps_store.models import InstalledMicroApp
from tests.designer_ui.helpers import Api, hello_flow


def caller_flow(flow_id: str, module: str) -> dict[str, Any]:
    """Calls a module, checks hours, a storm flag and a VIP table, and says an announcement."""
    return hello_flow(flow_id, name="Main line", variables={"customerId": {"type": "string"}},
                      blocks={
        "welcome": {"type": "play_message", "label": "Greeting",
                    "props": {"prompts": [{"tts": "Welcome to Acme"},
                                          {"announcement": "holiday-notice"}]},
                    "next": {"next": "verify"}},
        "verify": {"type": "module", "label": "Verify", "props": {"module": f"{module}@latest"},
                   "next": {"next": "hours"}},
        "hours": {"type": "business_hours", "props": {"hours": "contact-center"}},
        "storm": {"type": "emergency", "props": {"flag": "storm"}},
        "vip": {"type": "data_table", "props": {"table": "vip", "key": "system.ANI",
                                                "columns": {}}},
        "lookup": {"type": "http", "label": "Balance",
                   "props": {"url": "https://api.example.com/balance/{{ customerId }}"}},
    })


def module_flow(flow_id: str) -> dict[str, Any]:
    return hello_flow(flow_id, kind="module", name="Verify caller")


def test_copy_takes_the_draft_but_not_its_history(developer: Api, admin: Api, app: Flask) -> None:
    assert developer.create_flow(hello_flow("hello")).status_code == 201
    assert developer.post("flows/hello/versions", json={"comment": "v1"}).status_code == 201
    assert admin.put("environments/live/flows/hello", json={"version": 1}).status_code == 200

    copied = developer.post("flows/hello/copy", json={"new_id": "hello-two", "name": "Hello 2"})
    assert copied.status_code == 201, copied.json
    assert copied.headers["Location"].endswith("/flows/hello-two")
    document = developer.get("flows/hello-two").json["document"]
    assert document["id"] == "hello-two" and document["name"] == "Hello 2"
    assert document["blocks"] == hello_flow()["blocks"]
    assert developer.get("flows/hello-two/versions").json == []
    listed = {flow["id"]: flow for flow in developer.get("flows").json}
    assert listed["hello-two"]["environments"] == {} and listed["hello"]["environments"] == {
        "live": 1}
    default_name = developer.post("flows/hello/copy", json={"new_id": "hello-three"}).json
    assert default_name["document"]["name"] == "Hello (copy)"

    assert developer.post("flows/hello/copy", json={"new_id": "hello"}).status_code == 409
    assert developer.post("flows/hello/copy", json={"new_id": "Bad Id"}).status_code == 400
    assert developer.post("flows/nope/copy", json={"new_id": "x"}).status_code == 404
    with app.app_context():
        assert db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "flow.copy")).scalars().first() is not None


def test_business_users_cannot_copy(developer: Api, business: Api) -> None:
    developer.create_flow(hello_flow("hello"))
    assert business.post("flows/hello/copy", json={"new_id": "mine"}).status_code == 403


def test_delete_explains_every_reason_it_is_refused(developer: Api, admin: Api) -> None:
    developer.create_flow(module_flow("verify"))
    developer.create_flow(caller_flow("main", "verify"))
    assert developer.post("flows/verify/versions", json={"comment": "v1"}).status_code == 201
    assert admin.put("environments/test/flows/verify", json={"version": 1}).status_code == 200

    refused = developer.delete("flows/verify")
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "in_use"
    assert error["message"] == ("This flow is in use: it runs in test (take it out there); "
                                "main (draft) call it as a module (remove those blocks).")
    assert [(use["flow_id"], use["block_id"]) for use in error["details"]["called_by"]] == [
        ("main", "verify")]

    assert developer.delete("environments/test/flows/verify").status_code == 204
    assert developer.delete("flows/main").status_code == 204
    assert developer.delete("flows/verify").status_code == 204


def test_templates_are_the_examples_and_installed_microapps(developer: Api, app: Flask) -> None:
    with app.app_context():
        db.session.add(InstalledMicroApp(
            name="acme/greeter", publisher="acme", version="1.0.0", manifest={},
            flows={"greeter": module_flow("greeter") | {"name": "Greeter"}}, archive=b"",
            sha256="0" * 64, source="test"))
        db.session.commit()
    templates = {item["id"]: item for item in developer.get("templates").json}
    assert templates["example:appointments"]["source"] == "example"
    assert "voice" in templates["example:appointments"]["channels"]
    assert templates["microapp:acme/greeter@1.0.0"] == {
        "id": "microapp:acme/greeter@1.0.0", "source": "microapp", "name": "Greeter",
        "description": "", "kind": "module", "channels": ["voice", "chat"]}

    made = developer.post("flows/from-template", json={
        "template": "example:store-hotline", "id": "my-hotline", "name": "My hotline"})
    assert made.status_code == 201, made.json
    assert made.json["document"]["id"] == "my-hotline"
    assert made.json["document"]["name"] == "My hotline"
    from_app = developer.post("flows/from-template", json={
        "template": "microapp:acme/greeter@1.0.0", "id": "my-greeter"}).json
    assert from_app["document"]["name"] == "Greeter"
    assert developer.get("flows/my-greeter/versions").json == []

    missing = developer.post("flows/from-template", json={"template": "example:nope", "id": "x"})
    assert missing.status_code == 404
    assert developer.post("flows/from-template", json={
        "template": "example:store-hotline", "id": "my-hotline"}).status_code == 409


def test_search_finds_labels_prompt_texts_expressions_and_urls(developer: Api) -> None:
    developer.create_flow(caller_flow("main", "verify"))
    developer.create_flow(hello_flow("other"))

    def hits(query: str) -> set[tuple[str, str | None, str]]:
        body = developer.get("flow-search", query_string={"q": query}).json
        assert body["truncated"] is False
        return {(hit["flow_id"], hit["block_id"], hit["path"]) for hit in body["hits"]}

    assert hits("greeting") == {("main", "welcome", "label")}
    assert hits("ACME") == {("main", "welcome", "props.prompts[0].tts")}
    assert hits("api.example.com") == {("main", "lookup", "props.url")}
    assert hits("system.ani") == {("main", "vip", "props.key")}
    assert hits("main line") == {("main", None, "name")}
    body = developer.get("flow-search", query_string={"q": "example.com/bal"}).json
    assert body["hits"][0]["excerpt"] == "https://api.example.com/balance/{{ customerId }}"
    assert developer.get("flow-search", query_string={"q": "x"}).status_code == 400
    assert developer.get("flow-search", query_string={"q": "x" * 101}).status_code == 400


def test_search_stops_at_its_limit(developer: Api, app: Flask) -> None:
    app.config["FLOW_SEARCH_MAX_RESULTS"] = 2
    try:
        for flow_id in ("a1", "a2", "a3"):
            developer.create_flow(hello_flow(flow_id))
        body = developer.get("flow-search", query_string={"q": "hello"}).json
        assert len(body["hits"]) == 2 and body["truncated"] is True
    finally:
        app.config["FLOW_SEARCH_MAX_RESULTS"] = 200


def test_where_used_covers_drafts_and_the_versions_environments_run(
        developer: Api, admin: Api) -> None:
    developer.create_flow(module_flow("verify"))
    developer.create_flow(caller_flow("main", "verify"))
    published = developer.post("flows/main/versions", json={"comment": "v1"})
    assert published.status_code == 201, published.json
    assert admin.put("environments/live/flows/main", json={"version": 1}).status_code == 200
    # the draft stops using the storm flag; live still runs the version that does
    draft = developer.get("flows/main")
    document = draft.json["document"]
    del document["blocks"]["storm"]
    assert developer.put("flows/main", json={"document": document},
                         headers={"If-Match": draft.headers["ETag"]}).status_code == 200

    def uses(kind: str, name: str) -> list[tuple[str, str, str, str]]:
        body = developer.get("where-used", query_string={"kind": kind, "name": name}).json
        return [(u["flow_id"], u["source"], u["block_id"], u["path"]) for u in body["uses"]]

    assert uses("module", "verify") == [("main", "draft", "verify", "module"),
                                        ("main", "live", "verify", "module")]
    assert uses("emergency", "storm") == [("main", "live", "storm", "flag")]
    assert uses("business_hours", "contact-center")[0] == ("main", "draft", "hours", "hours")
    assert uses("special_days", "contact-center")[0] == ("main", "draft", "hours", "hours")
    assert uses("data_table", "vip")[0] == ("main", "draft", "vip", "table")
    assert uses("announcement", "holiday-notice")[0] == (
        "main", "draft", "welcome", "prompts[1]")
    assert uses("bot", "vip") == []
    body = developer.get("where-used", query_string={"kind": "module", "name": "verify"}).json
    assert body["uses"][1]["version"] == 1 and body["uses"][0]["block_label"] == "Verify"
    wrong = developer.get("where-used", query_string={"kind": "queue", "name": "x"})
    assert wrong.status_code == 400
