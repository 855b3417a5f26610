"""Every block type tells the property panel how to show each of its properties."""

from __future__ import annotations

import pytest

from blocks import shared_registry
from interpreter.blocktype import BlockType

BLOCK_TYPES = list(shared_registry())


@pytest.mark.parametrize("block_type", BLOCK_TYPES, ids=lambda block_type: block_type.name)
def test_every_property_is_declared_once(block_type: BlockType) -> None:
    declared = [info.name for info in block_type.editor_fields]
    properties = block_type.describe()["props_schema"].get("properties", {})
    assert len(declared) == len(set(declared))
    assert sorted(declared) == sorted(properties)
    assert all(info.label and info.help for info in block_type.editor_fields)


@pytest.mark.parametrize("block_type", BLOCK_TYPES, ids=lambda block_type: block_type.name)
def test_at_most_one_summary_field(block_type: BlockType) -> None:
    assert sum(info.summary for info in block_type.editor_fields) <= 1


def _order(type_name: str) -> list[str]:
    entry = next(block for block in BLOCK_TYPES if block.name == type_name).describe()
    return [field["label"] for field in entry["fields"]]


def test_questions_come_first_with_their_own_labels() -> None:
    menu = _order("menu")
    assert menu[:2] == ["Prompts", "Options"]
    assert menu.index("Barge-in") < menu.index("No-input prompts") < menu.index("No-match prompts")
    assert _order("input")[0] == "Prompts"
    assert _order("play_message") == ["Prompts", "Barge-in"]
    http = _order("http")
    assert http.index("URL") < http.index("Body")
    survey = _order("survey")
    assert survey[:2] == ["Introduction", "Questions"]


def test_rarely_changed_fields_are_advanced() -> None:
    http = next(block for block in BLOCK_TYPES if block.name == "http")
    advanced = {info.name for info in http.editor_fields if info.advanced}
    assert advanced == {"status_variable", "timeout_ms"}
    hours = next(block for block in BLOCK_TYPES if block.name == "business_hours")
    assert {info.name: info.widget for info in hours.editor_fields}["timezone"] == "timezone"
