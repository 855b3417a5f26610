"""`designer serve --examples` (`make run`): `/chat-demo` embeds the widget on the order-status
example's chat entry point (`examples/entry-points.json`)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from designer_ui.app import create_app
from designer_ui.chat import chat_service
from designer_ui.extensions import db
from designer_ui.models import EntryPoint


def test_the_demo_runs_the_order_status_example(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_DEMO_PASSWORD", "walrus demo ledger")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "LOAD_EXAMPLES": True, "TESTING": True})
    try:
        with app.app_context():
            entry = db.session.execute(db.select(EntryPoint).where(
                EntryPoint.address == "order-status")).scalar_one()
            assert (entry.kind, entry.flow_id, entry.environment) == \
                ("chat", "order-status-chat", "live")
        client = app.test_client()
        page = client.get("/chat-demo")
        assert page.status_code == 200 and "Content-Security-Policy" in page.headers
        assert b'<script src="/widget/chat.js"></script>' in page.data
        init = client.get("/chat-demo/init.js?entry=%3Cscript%3E").get_data(as_text=True)
        assert init.startswith("window.DesignerChat.init(") and '"entry": "order-status"' in init
        started = client.post("/api/v1/chat/order-status/sessions", json={})
        assert started.status_code == 201
        assert started.json["messages"][0]["text"].startswith("Hi! I'm the Northwind order")
        assert create_app({"INSTANCE_PATH": str(tmp_path), "LOAD_EXAMPLES": True,
                           "TESTING": True}).name == app.name
        with app.app_context():
            assert db.session.execute(db.select(db.func.count(EntryPoint.id)).where(
                EntryPoint.address == "order-status")).scalar() == 1
    finally:
        chat_service(app).close()
        with app.app_context():
            db.engine.dispose()


def test_the_demo_page_suggests_phrases_the_example_understands(tmp_path: Path) -> None:
    flow = json.loads((Path(__file__).resolve().parents[3] / "examples" / "flows" /
                       "order-status-chat.json").read_text(encoding="utf-8"))
    grammar = flow["blocks"]["ask_order"]["props"]["grammar"]["regex"]
    options = {option["key"]: option for option in flow["blocks"]["next_step"]["props"]["options"]}
    app = create_app({"INSTANCE_PATH": str(tmp_path), "TESTING": True})
    try:
        page = app.test_client().get("/chat-demo").get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()
    phrases = [(kind, " ".join(html.unescape(text).split())) for kind, text in
               re.findall(r'<code\s+data-phrase="([^"]+)">([^<]+)</code>', page)]
    assert {kind for kind, _ in phrases} == {"order_number", "next_step:track",
                                            "next_step:agent", "next_step:done"}
    for kind, text in phrases:
        if kind == "order_number":
            assert re.fullmatch(grammar, text), text
        else:
            option = options[kind.split(":")[1]]
            understood = {option["label"].lower(), *(u.lower() for u in option["utterances"])}
            assert text.lower() in understood, text
