"""The block-by-block diff of two flow documents."""

from __future__ import annotations

from designer_ui.services.diff import block_fields, diff_documents
from tests.designer_ui.helpers import hello_flow


def test_identical_documents_have_no_diff() -> None:
    assert diff_documents(hello_flow(), hello_flow()) == {
        "added": [], "removed": [], "changed": [], "flow_changed": []}


def test_nested_keys_are_named() -> None:
    old = {"type": "menu", "props": {"retries": 1, "options": []}, "next": {"1": "a"}, "ui": {"x": 1}}
    new = {"type": "menu", "props": {"retries": 2, "options": []}, "next": {"1": "b", "2": "c"},
           "ui": {"x": 2}, "label": "Menu"}
    assert block_fields(old, new) == ["label", "next.1", "next.2", "props.retries", "ui"]


def test_blocks_added_removed_and_flow_keys() -> None:
    old = hello_flow()
    new = hello_flow(name="New", blocks={"other": {"type": "terminate", "props": {}}})
    assert diff_documents(old, new) == {"added": ["other"], "removed": ["welcome"],
                                        "changed": [], "flow_changed": ["name"]}
    assert diff_documents({"blocks": "junk"}, new)["added"] == ["other"]
