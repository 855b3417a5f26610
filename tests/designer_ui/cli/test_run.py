"""The console simulator (`designer run`), driven through its prompts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from designer_ui.cli import main
from tests.interpreter.engine.harness import flow_document

FLOW = flow_document(
    {
        "menu": {"type": "menu", "props": {"prompts": [{"tts": "Press 1 for orders"}],
                                           "options": [{"key": "1", "label": "Orders"}]},
                 "next": {"1": "lookup", "noinput": "bye"}},
        "lookup": {"type": "http", "props": {"url": "https://shop.example/orders",
                                             "result_variable": "order"},
                   "next": {"next": "tell"}},
        "tell": {"type": "play_message", "props": {"prompts": [{"tts": "Status {{ order.status }}"}]},
                 "next": {"next": "agent"}},
        "bye": {"type": "terminate", "props": {}},
        "agent": {"type": "route", "props": {"target": {"value": "sales"}}},
    },
    phases={"self_service": "menu", "assisted_service": "agent"},
    variables={"order": {"type": "any"}},
)


def test_run_plays_the_flow_at_the_console(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(FLOW))
    answers = "\n".join(["1", '200 {"status": "shipped"}', "success"]) + "\n"
    result = CliRunner().invoke(main, ["run", str(path), "--channel", "voice"], input=answers)
    assert result.exit_code == 0, result.output
    assert "[menu] collect: Press 1 for orders [1=Orders]" in result.output
    assert "[tell] say: Status shipped" in result.output
    assert "[agent] route:" in result.output
    assert "session ended: routed" in result.output


def test_run_noinput_and_hangup(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(FLOW))
    result = CliRunner().invoke(main, ["run", str(path), "--channel", "chat"],
                                input="!noinput\n!noinput\n!noinput\n")
    assert result.exit_code == 0, result.output
    assert "re-prompt after noinput" in result.output
    assert "session ended: terminate" in result.output


def test_run_refuses_invalid_flow(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text("{}")
    result = CliRunner().invoke(main, ["run", str(path)])
    assert result.exit_code == 1
    assert "not a flow document" in result.output
