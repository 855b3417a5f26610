from __future__ import annotations

import json

import pytest

from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from tests.conftest import minimal_document


def problems_of(source: object) -> list[str]:
    with pytest.raises(FlowFormatError) as caught:
        load_flow(source)  # type: ignore[arg-type]
    return [p.describe() for p in caught.value.problems]


def test_loads_minimal_document_with_defaults() -> None:
    flow = load_flow(minimal_document())
    assert flow.id == "hello"
    assert flow.kind == "application"
    assert flow.languages == ("en-US",)
    assert flow.blocks["welcome"].type == "play_message"
    assert dict(flow.blocks["welcome"].next) == {}


def test_loaded_flow_is_read_only() -> None:
    flow = load_flow(minimal_document())
    with pytest.raises(TypeError):
        flow.blocks["welcome"].props["prompts"] = []  # type: ignore[index]


def test_json_syntax_error_has_line_and_column() -> None:
    with pytest.raises(FlowFormatError) as caught:
        load_flow('{\n  "format": "designer-flow",\n  "id": oops\n}')
    problem = caught.value.problems[0]
    assert problem.code == "json_syntax"
    assert (problem.line, problem.column) == (3, 9)


def test_unknown_keys_are_errors_everywhere() -> None:
    document = minimal_document(colour="red")
    document["blocks"]["welcome"]["size"] = 3
    messages = problems_of(document)
    assert any("'colour' is not a known setting" in m for m in messages)
    assert any("welcome" in m and "'size' is not a known setting" in m for m in messages)


def test_problem_names_block_and_path() -> None:
    document = minimal_document()
    document["blocks"]["welcome"]["next"] = {"next": "9bad"}
    with pytest.raises(FlowFormatError) as caught:
        load_flow(document)
    problem = caught.value.problems[0]
    assert problem.block_id == "welcome"
    assert problem.path == "next.next"
    assert "not a valid block id" in problem.message


@pytest.mark.parametrize("source, fragment", [
    ("[]", "A flow document is a JSON object"),
    ('{"format": "bpmn"}', "not a flow document"),
    (b"\xff\xfe\x00", "not UTF-8"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_bad_sources_give_clear_errors(source: str | bytes, fragment: str) -> None:
    assert any(fragment in m for m in problems_of(source))


def test_newer_format_version_is_refused_with_reason() -> None:
    messages = problems_of(minimal_document(format_version=7))
    assert any("newer version" in m for m in messages)


def test_required_keys_are_reported() -> None:
    document = minimal_document()
    del document["phases"]
    del document["channels"]
    messages = problems_of(document)
    assert any("'phases' is required" in m for m in messages)
    assert any("'channels' is required" in m for m in messages)


def test_booleans_and_numbers_are_strict() -> None:
    document = minimal_document(variables={"x": {"type": "number", "secure": "yes"}})
    assert any("true or false" in m for m in problems_of(document))
    document = minimal_document()
    document["blocks"]["welcome"]["ui"] = {"x": "12"}
    assert any("Must be a number" in m for m in problems_of(document))


def test_document_too_large_is_refused_fast() -> None:
    huge = json.dumps(minimal_document(description="x" * (21 * 1024 * 1024)))
    assert any("larger than" in m for m in problems_of(huge))
