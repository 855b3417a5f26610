"""The visitor's chat API: start at an entry point, buttons and text, retries, the transcript,
ending, the flow's web service refused at a private address, CORS, the OpenAPI document."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from designer_ui.chat import chat_service
from interpreter.engine.state import decode_scope
from tests.designer_ui.chat.conftest import say, start, texts
from tests.designer_ui.chat.helpers import desk_flow, publish

BUTTONS = [{"key": "look", "label": "Look it up"}, {"key": "agent", "label": "A person"},
           {"key": "bye", "label": "Bye"}]


def test_a_chat_starts_at_its_entry_point(app: Flask, visitor: FlaskClient) -> None:
    response = visitor.post("/api/v1/chat/desk/sessions",
                            json={"visitor_id": "v-9",
                                  "fields": {"Page": "/orders", "Brand": "Other"}},
                            headers={"User-Agent": "pytest-browser"})
    assert response.status_code == 201
    body = response.json
    session = body["session"]
    assert response.headers["Location"] == f"/api/v1/chat/sessions/{session['id']}"
    assert texts(body["messages"]) == [("flow", "text", "Hello <b>visitor</b>."),
                                       ("flow", "prompt", "What now?")]
    assert body["messages"][1]["data"]["buttons"] == BUTTONS
    assert session["status"] == "active" and session["waiting_for"] == "visitor"
    assert session["buttons"] == BUTTONS and session["last_seq"] == 2
    record = chat_service(app).host.load(session["id"])
    assert record.flow.id == "desk-chat" and record.flow.version == "1"
    assert record.flow.environment == "live" and record.flow.entry_point == "desk"
    system = record.state["system"]
    assert system["ANI"] == "v-9" and system["UserAgent"] == "pytest-browser"
    assert system["Brand"] == "Acme" and system["Page"] == "/orders"


def test_a_chat_starts_without_a_body(visitor: FlaskClient) -> None:
    assert visitor.post("/api/v1/chat/desk/sessions").status_code == 201


def test_unknown_and_unpublished_entry_points(app: Flask, visitor: FlaskClient) -> None:
    missing = visitor.post("/api/v1/chat/nowhere/sessions", json={})
    assert missing.status_code == 404 and missing.json["error"]["code"] == "unknown_entry"
    publish(app, desk_flow("dev-only"), "dev-only", environment="dev")
    with app.app_context():
        from designer_ui.extensions import db
        from designer_ui.models import EnvironmentBinding

        db.session.execute(db.delete(EnvironmentBinding).where(
            EnvironmentBinding.flow_id == "dev-only"))
        db.session.commit()
    unpublished = visitor.post("/api/v1/chat/dev-only/sessions", json={})
    assert unpublished.status_code == 404
    assert unpublished.json["error"]["code"] == "not_published"


def test_buttons_text_and_retries(visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    chose = say(visitor, session, choice="bye", client_message_id="c-1")
    assert chose.status_code == 200
    assert texts(chose.json["messages"]) == [
        ("visitor", "choice", "Bye"), ("flow", "text", "Bye."),
        ("system", "note", "The chat has ended."), ("system", "note", "")]
    assert chose.json["session"]["status"] == "ended"
    again = say(visitor, session, choice="bye", client_message_id="c-1")
    assert again.status_code == 200 and again.json["duplicate"] is True
    assert again.json["messages"] == chose.json["messages"]
    after = visitor.get(f"/api/v1/chat/sessions/{session}/messages?after=2").json
    assert [m["seq"] for m in after["messages"]] == [3, 4, 5, 6]
    late = say(visitor, session, text="hello?")
    assert late.status_code == 409 and late.json["error"]["code"] == "session_ended"


def test_typed_text_that_matches_no_button_is_asked_again(visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    turn = say(visitor, session, text="pizza").json
    assert texts(turn["messages"])[0] == ("visitor", "text", "pizza")
    assert turn["messages"][1]["data"]["reprompt"] == "nomatch"
    state = visitor.get(f"/api/v1/chat/sessions/{session}").json
    assert state == {"id": session, "status": "active", "last_seq": 4, "waiting_for": "visitor",
                     "mode": "menu", "buttons": BUTTONS, "secure": False}


def test_ending_runs_finalize_once(app: Flask, visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    ended = visitor.delete(f"/api/v1/chat/sessions/{session}")
    assert ended.status_code == 200 and ended.json["session"]["status"] == "ended"
    assert texts(ended.json["messages"])[0] == ("system", "note", "You ended the chat.")
    record = chat_service(app).host.load(session)
    assert decode_scope(record.state["vars"])["finalized"] is True
    again = visitor.delete(f"/api/v1/chat/sessions/{session}")
    assert again.status_code == 200 and again.json["duplicate"] is True


def test_a_web_service_at_a_private_address_is_refused(app: Flask, visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    turn = say(visitor, session, choice="look").json
    refusal = "requests to private addresses are not allowed (10.0.0.5)"
    assert ("flow", "text", f"Failed: {refusal}") in texts(turn["messages"])
    notes = [m for m in turn["messages"] if m["kind"] == "note"]
    assert notes[0]["data"] == {"event": "error"} and notes[0]["text"] == ""
    full = chat_service(app).host.messages_after(session, 0)
    assert any(m.data.get("event") == "error" and refusal in m.text for m in full)
    record = chat_service(app).host.load(session)
    last_error = decode_scope(record.state["vars"]).get("answer")
    assert last_error is None
    assert record.state["system"]["LastError"]["message"] == refusal


def test_pages_on_other_sites_may_call_it(visitor: FlaskClient) -> None:
    origin = {"Origin": "https://shop.example"}
    preflight = visitor.options("/api/v1/chat/desk/sessions", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    started = visitor.post("/api/v1/chat/desk/sessions", json={}, headers=origin)
    assert started.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in visitor.post("/api/v1/chat/desk/sessions",
                                                             json={}).headers


def test_the_openapi_document_describes_the_chat(visitor: FlaskClient) -> None:
    paths = visitor.get("/api/v1/openapi.json").json["paths"]
    start_op = paths["/chat/{entry}/sessions"]["post"]
    assert start_op["security"] == [] and {"201", "404", "429"} <= set(start_op["responses"])
    assert start_op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "StartChatIn")
    events = paths["/chat/sessions/{session_id}/events"]["get"]
    assert "text/event-stream" in events["responses"]["200"]["content"]
    assert paths["/chat/desk/queue"]["get"]["x-roles"] == ["agent"]
    for path, method in [("/chat/sessions/{session_id}/messages", "post"),
                         ("/chat/sessions/{session_id}", "delete"),
                         ("/chat/desk/sessions/{session_id}/accept", "post")]:
        assert method in paths[path]
