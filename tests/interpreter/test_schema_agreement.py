"""The published JSON Schema and the loader must accept and refuse the same documents."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from interpreter.schema_export import document_schema
from tests.conftest import minimal_document

STRUCTURE = document_schema()
VALIDATOR = jsonschema.Draft202012Validator(STRUCTURE)


def rich_document() -> dict[str, Any]:
    return minimal_document(
        description="A flow with a bit of everything",
        kind="application",
        languages=["en-US", "es-US"],
        variables={"pin": {"type": "string", "default": None, "secure": True},
                   "tries": {"type": "number", "default": 0, "description": "attempts"}},
        inputs=[], outputs=[],
        phases={"initialize": "init", "self_service": "welcome", "finalize": "bye"},
        blocks={
            "init": {"type": "assign", "label": "Init", "ui": {"x": 1, "y": 2.5},
                     "props": {"assignments": [{"variable": "tries", "expression": "0"}]},
                     "next": {}},
            "welcome": {"type": "play_message", "props": {"prompts": [{"prompt": "hi"}]},
                        "next": {}},
            "bye": {"type": "milestone", "props": {"name": "done"}, "description": "end"},
        },
        prompts={"hi": {"en-US": {"tts": "Hello"}, "es-US": {"tts": "Hola", "audio": "hola.wav"}}},
    )


def loader_accepts(document: Any) -> bool:
    try:
        load_flow(document)
    except FlowFormatError:
        return False
    return True


def schema_accepts(document: Any) -> bool:
    return VALIDATOR.is_valid(document)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(-10, 10, allow_nan=False)
    | st.sampled_from(["", "x", "en-US", "voice", "chat", "module", "designer-flow", "welcome",
                       "9bad", "a b", "number", "string"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["x", "tts", "type", "next", "props", "welcome"]),
                      children, max_size=3),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths(item, (*prefix, index)))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(draw(st.sampled_from([rich_document(), minimal_document()])))
    for _ in range(draw(st.integers(1, 3))):
        candidates = paths(document)[1:]
        path = draw(st.sampled_from(candidates))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "x", "label", "tts", "type"]))] = draw(json_values)
    return document


def test_valid_documents_pass_both() -> None:
    for document in (minimal_document(), rich_document()):
        assert schema_accepts(document)
        assert loader_accepts(document)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_schema_and_loader_agree(document: dict[str, Any]) -> None:
    version = document.get("format_version")
    assume(version not in (0, 0.0) or isinstance(version, bool))
    assert schema_accepts(document) == loader_accepts(document), json.dumps(document)


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(STRUCTURE)
