"""Required content: empty messages, questions, labels, URLs and targets block publishing;
unknown bots, data tables and announcements are warnings."""

from __future__ import annotations

from typing import Any

import pytest

from blocks import shared_registry
from interpreter.loader import load_flow
from interpreter.problems import Problem, has_errors
from interpreter.validation import validate_flow
from tests.interpreter.engine.harness import flow_document

KNOWN = {("bot", "helper"), ("data_table", "branches"), ("announcement", "storm")}


def problems_of(block: dict[str, Any], **document: Any) -> list[Problem]:
    flow = load_flow(flow_document({"a": block}, **document))
    return validate_flow(flow, shared_registry(),
                         resources=lambda kind, name: (kind, name) in KNOWN)


def missing(block: dict[str, Any], **document: Any) -> set[tuple[str, str]]:
    return {(p.path, p.severity) for p in problems_of(block, **document)
            if p.code == "missing_content"}


@pytest.mark.parametrize("prompts", [[{"tts": ""}], [{"tts": "   "}], [{"tts": ""}, {"tts": " "}]])
def test_empty_play_message_is_an_error(prompts: list[dict[str, Any]]) -> None:
    found = problems_of({"type": "play_message", "props": {"prompts": prompts}})
    assert missing({"type": "play_message", "props": {"prompts": prompts}}) == {
        ("prompts", "error")}
    assert has_errors(found)


@pytest.mark.parametrize("item", [{"tts": "Hello"}, {"tts": "{{ 1 + 1 }}"}, {"audio": "a.wav"},
                                  {"value": "1", "as": "number"}, {"announcement": "storm"}])
def test_any_real_prompt_part_is_content(item: dict[str, Any]) -> None:
    assert missing({"type": "play_message", "props": {"prompts": [{"tts": ""}, item]}}) == set()


def test_library_prompt_is_content() -> None:
    block = {"type": "play_message", "props": {"prompts": [{"prompt": "hi"}]}}
    assert missing(block, prompts={"hi": {"en": {"tts": "Hi"}}}) == set()


def test_menu_without_question_or_labels() -> None:
    block = {"type": "menu", "props": {"prompts": [], "options": [
        {"key": "1", "label": "Sales"}, {"key": "2"}, {"key": "3", "label": "  "}]}}
    assert missing(block) == {("prompts", "error"), ("options[1].label", "error"),
                              ("options[2].label", "error")}


def test_complete_menu_has_no_content_problem() -> None:
    block = {"type": "menu", "props": {"prompts": [{"tts": "Sales or support?"}], "options": [
        {"key": "1", "label": "Sales"}, {"key": "2", "label": "Support"}]}}
    assert missing(block) == set()


def test_input_without_question() -> None:
    block = {"type": "input", "props": {"variable": "account"}}
    assert missing(block, variables={"account": {"type": "string"}}) == {("prompts", "error")}


def test_input_without_variable_is_an_error() -> None:
    found = problems_of({"type": "input", "props": {"prompts": [{"tts": "Number?"}]}})
    assert ("error", "variable") in {(p.severity, p.path) for p in found}


def test_http_without_url() -> None:
    assert missing({"type": "http", "props": {"url": "  "}}) == {("url", "error")}
    assert missing({"type": "http", "props": {"url": "https://example.test/x"}}) == set()


def test_route_without_target() -> None:
    block = {"type": "route", "props": {"target": {"type": "queue", "value": ""}}}
    assert missing(block) == {("target.value", "error")}


def warnings(block: dict[str, Any], **document: Any) -> set[tuple[str, str]]:
    return {(p.code, p.path) for p in problems_of(block, **document) if p.severity == "warning"
            and p.code.startswith("unknown_")}


def test_unknown_bot_and_table_are_warnings() -> None:
    bot = {"type": "bot", "props": {"bot": "nobody"}}
    assert warnings(bot) == {("unknown_bot", "bot")}
    assert warnings({"type": "bot", "props": {"bot": "helper"}}) == set()
    table = {"type": "data_table", "props": {"table": "ghost", "key": "'x'"}}
    assert warnings(table) == {("unknown_data_table", "table")}


def test_unknown_announcement_is_a_warning() -> None:
    block = {"type": "play_message", "props": {"prompts": [{"announcement": "flood"}]}}
    assert warnings(block) == {("unknown_announcement", "prompts[0]")}
    assert not has_errors(problems_of(block))


def test_without_a_resource_lookup_names_are_not_checked() -> None:
    flow = load_flow(flow_document({"a": {"type": "bot", "props": {"bot": "nobody"}}}))
    assert not [p for p in validate_flow(flow, shared_registry()) if p.code == "unknown_bot"]
