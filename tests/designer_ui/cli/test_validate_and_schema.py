from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner

from designer_ui.cli import main
from tests.conftest import minimal_document


def write(folder: Path, name: str, content: Any) -> Path:
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_validate_good_flow_exits_zero(tmp_path: Path) -> None:
    path = write(tmp_path, "hello.json", minimal_document())
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "ok" in result.output and "0 error(s)" in result.output


def bad_inputs(folder: Path) -> dict[str, Path]:
    unknown_type = minimal_document()
    unknown_type["blocks"]["welcome"]["type"] = "teleport"
    bad_expression = minimal_document(variables={"x": {"type": "number"}})
    bad_expression["blocks"]["welcome"] = {"type": "assign", "props": {"assignments": [
        {"variable": "x", "expression": "x ** * 2"}]}}
    huge = minimal_document()
    huge["blocks"]["welcome"]["props"]["prompts"] = [{"tts": "a" * (10 * 1024 * 1024)}]
    cyclic_a = minimal_document(id="mod-a", kind="module")
    cyclic_a["blocks"]["welcome"] = {"type": "module", "props": {"module": "mod-b@1"}}
    cyclic_b = minimal_document(id="mod-b", kind="module")
    cyclic_b["blocks"]["welcome"] = {"type": "module", "props": {"module": "mod-a@1"}}
    deep = '{"format": "designer-flow", "blocks": ' + "[" * 1000 + "]" * 1000 + "}"
    return {
        "malformed": write(folder, "malformed.json", '{"format": "designer-flow",'),
        "unknown_type": write(folder, "unknown.json", unknown_type),
        "bad_expression": write(folder, "expr.json", bad_expression),
        "huge": write(folder, "huge.json", huge),
        "cyclic": write(folder, "mod-a.json", cyclic_a),
        "cyclic_b": write(folder, "mod-b.json", cyclic_b),
        "deep": write(folder, "deep.json", deep),
    }


def test_validate_bad_inputs_exit_one_with_clear_messages(tmp_path: Path) -> None:
    paths = bad_inputs(tmp_path)
    (tmp_path / "pyproject.toml").write_text("")
    expected = {
        "malformed": "not valid JSON",
        "unknown_type": "'teleport' is not a block type",
        "bad_expression": "column",
        "huge": "longer than 65536 characters",
        "cyclic": "call each other in a circle",
        "deep": "nested",
    }
    for name, fragment in expected.items():
        result = CliRunner().invoke(main, ["validate", str(paths[name])])
        assert result.exit_code == 1, (name, result.output)
        assert fragment in result.output or fragment.lower() in result.output.lower(), (
            name, result.output)
        assert "Traceback" not in result.output


def test_validate_json_output(tmp_path: Path) -> None:
    good = write(tmp_path, "good.json", minimal_document())
    bad = write(tmp_path, "bad.json", "{")
    result = CliRunner().invoke(main, ["validate", "--json", str(good), str(bad)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert files["good.json"]["ok"] and not files["bad.json"]["ok"]
    problem = files["bad.json"]["problems"][0]
    assert {"severity", "code", "message"} <= set(problem)


def test_validate_folder_finds_flows(tmp_path: Path) -> None:
    write(tmp_path, "one.json", minimal_document())
    write(tmp_path, "notes.json", {"not": "a flow"})
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0
    assert "1 flow(s) checked" in result.output


def test_schema_command_prints_valid_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema.Draft202012Validator(schema).is_valid(minimal_document())
    bad = minimal_document()
    bad["blocks"]["welcome"]["props"] = {"prompts": "not a list"}
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


def test_other_json_files_are_skipped_not_failed(tmp_path: Path) -> None:
    flow = write(tmp_path, "flow.json", minimal_document())
    manifest = write(tmp_path, "microapp.json", {"name": "acme/pin", "version": "1.0.0"})
    result = CliRunner().invoke(main, ["validate", str(flow), str(manifest)])
    assert result.exit_code == 0, result.output
    assert "microapp.json: skipped (not a flow document)" in result.output
    only_other = CliRunner().invoke(main, ["validate", str(manifest)])
    assert only_other.exit_code == 1
    assert "no flow documents found" in only_other.output
