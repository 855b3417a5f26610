"""Simulator outputs as flow-test expectations."""

from __future__ import annotations

from designer_ui.simulation.testcase import expect_steps, literal_glob


def test_literal_glob_has_no_wildcards_left() -> None:
    assert literal_glob("Press * or ? now [1]") == "Press ? or ? now [1]"


def test_expect_steps() -> None:
    menu = {"kind": "collect", "mode": "menu", "prompts": [{"text": "Pick"}],
            "options": [{"key": "1", "label": "A"}]}
    assert expect_steps(menu) == [{"expect": {"prompt": "Pick"}},
                                  {"expect": {"menu": {"options": ["1"]}}}]
    assert expect_steps({"kind": "say", "prompts": [{"audio": "x.wav"}]}) == []
    assert expect_steps({"kind": "route", "target_type": "queue", "target": "sales"}) == [
        {"expect": {"route": {"type": "queue", "value": "sales"}}}]
    assert expect_steps({"kind": "milestone", "name": "x"}) == []
