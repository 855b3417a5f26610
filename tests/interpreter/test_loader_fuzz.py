"""The loader meets arbitrary input with FlowFormatError and nothing else, quickly."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from blocks import shared_registry
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from interpreter.validation import validate_document
from tests.conftest import minimal_document

json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(source: bytes) -> None:
    try:
        load_flow(source)
    except FlowFormatError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@settings(max_examples=300, deadline=None)
@given(json_data)
def test_arbitrary_json(data: Any) -> None:
    try:
        load_flow(json.dumps(data))
    except FlowFormatError as exc:
        assert exc.problems


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["type", "props", "next", "label", "ui"]), json_data,
                       max_size=5))
def test_arbitrary_blocks_validate_without_crashing(block: dict[str, Any]) -> None:
    document = minimal_document()
    document["blocks"]["welcome"] = block
    flow, problems = validate_document(document, shared_registry())
    assert flow is not None or problems


def test_deep_nesting_is_refused_clearly() -> None:
    document = minimal_document()
    deep: Any = "x"
    for _ in range(1000):
        deep = {"k": deep}
    document["blocks"]["welcome"]["props"]["prompts"] = [deep]
    try:
        load_flow(document)
    except FlowFormatError as exc:
        assert "nested more than" in exc.problems[0].message
    else:
        raise AssertionError("a 1,000-deep document was accepted")


prop_values = st.one_of(json_data, st.sampled_from([
    "x + 1", "{{ x }}", "'a'", "[", "system.ANI", "#", "digits", {"regex": "(a+)+"},
    [{"tts": "hi"}], [{"key": "1"}], [{"variable": "x", "expression": "1"}],
]))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(shared_registry().names()),
       st.dictionaries(st.sampled_from(["prompts", "options", "assignments", "conditions",
                                        "variable", "grammar", "url", "target", "module",
                                        "inputs", "outputs", "bot", "intents", "hours", "flag",
                                        "table", "key", "destination", "number", "retries"]),
                       prop_values, max_size=5))
def test_arbitrary_props_of_every_block_type(block_type: str, props: dict[str, Any]) -> None:
    document = minimal_document(variables={"x": {"type": "any"}})
    document["blocks"]["welcome"] = {"type": block_type, "props": props}
    flow, problems = validate_document(document, shared_registry())
    assert flow is not None
    for problem in problems:
        assert problem.message and problem.severity in ("error", "warning")
