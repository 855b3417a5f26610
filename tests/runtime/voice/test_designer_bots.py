"""The Designer's voice source answers bot blocks through the Bot Registry, with the native
bot revision the running version was published with; turns run in worker threads."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from designer_ui.app import create_app
from designer_ui.extensions import db
from designer_ui.voice_source import DesignerFlowSource
from interpreter.engine.effects import BotTurn
from tests.designer_ui.bots.conftest import NATIVE_BANK, native_entry, register
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api

NUMBER = "+18005550400"
FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "bank-voice", "name": "Bank voice",
    "channels": ["voice"], "phases": {"self_service": "assistant"},
    "blocks": {
        "assistant": {"type": "bot", "props": {"bot": "BankBot",
                                               "intents": ["CheckBalance", "ReportCard"]},
                      "next": {"CheckBalance": "done", "ReportCard": "done"}},
        "done": {"type": "terminate", "props": {}},
    },
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app({"INSTANCE_PATH": str(tmp_path_factory.mktemp("designer")),
                      "SECRET_KEY": "voice-test-secret", "TESTING": True})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_published_versions_answer_with_their_pinned_native_bot(app: Flask,
                                                                tmp_path: Path) -> None:
    api = Api(app.test_client(), token=add_token(app, add_user(app, "dev", ["developer",
                                                                            "admin"])))
    register(api, native_entry())
    assert api.create_flow(FLOW).status_code == 201
    assert api.post("flows/bank-voice/versions", json={"comment": "v1"}).status_code == 201
    assert api.put("environments/test/flows/bank-voice", json={"version": 1}).status_code == 200
    entry = api.post("entry-points", json={"kind": "phone", "address": NUMBER,
                                           "flow_id": "bank-voice", "environment": "test"})
    assert entry.status_code == 201, entry.json
    frozen = copy.deepcopy(NATIVE_BANK)
    frozen["intents"][1]["reply"] = "Card {card} is frozen."
    assert api.put("bots/BankBot", json={"provider": "native", "native": frozen}
                   ).status_code == 200

    source = DesignerFlowSource(app, tmp_path / "audio")
    try:
        flow = source.flow_for("18005550400")
        assert flow is not None and flow.bots is not None
        bots = flow.bots

        def turn(text: str, number: int) -> list[str]:
            effect = BotTurn("assistant", "BankBot", text, number, "call-1-assistant")
            return list(bots.turn(effect).messages)

        with ThreadPoolExecutor(1) as worker:  # as the voice worker's job pool calls it
            worker.submit(turn, "I lost my card", 1).result()
            messages = worker.submit(turn, "1234", 2).result()
        assert messages == ["Card 1234 is blocked."]  # version 1's revision, not the edit
        missing = bots.turn(BotTurn("assistant", "NoSuchBot", "hi", 1, "call-1-x"))
        assert missing.error == "bot 'NoSuchBot' is not in the Bot Registry"
    finally:
        source.close()
        source.context.pop()
