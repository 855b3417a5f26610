"""Patterns RE2 cannot run are validation problems on their block, in grammars and expressions."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from designer_ui.cli import main
from tests.interpreter.engine.harness import flow_document
from tests.interpreter.validation.test_validation import problems


def regex_input(pattern: str) -> dict[str, object]:
    return flow_document({"ask": {"type": "input", "props": {
        "prompts": [{"tts": "Code?"}], "variable": "code", "grammar": {"regex": pattern}}}},
        variables={"code": {"type": "string"}})


def test_a_grammar_with_a_backreference_is_an_error_on_the_input_block() -> None:
    [problem] = [p for p in problems(regex_input(r"(\d)\1")) if p.severity == "error"]
    assert (problem.block_id, problem.path) == ("ask", "grammar")
    assert "'(\\\\d)\\\\1'" in problem.message and "backreferences" in problem.message


def test_a_grammar_that_backtracks_badly_is_accepted() -> None:
    assert [p for p in problems(regex_input("(a+)+b")) if p.severity == "error"] == []


def test_a_literal_regexp_with_lookahead_is_an_error_on_the_assign_block() -> None:
    document = flow_document({"a": {"type": "assign", "props": {"assignments": [
        {"variable": "x", "expression": "x.replace(RegExp('a(?=b)', 'g'), '')"}]}}},
        variables={"x": {"type": "string"}})
    [problem] = [p for p in problems(document) if p.code == "expression_syntax"]
    assert problem.block_id == "a" and "lookahead" in problem.message


def test_designer_validate_refuses_the_flow(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(regex_input("(?<=x)y")))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code != 0
    assert "lookbehind" in result.output
