from __future__ import annotations

from typing import Any

import pytest

from blocks import shared_registry
from interpreter.flow_model import Flow
from interpreter.loader import load_flow
from interpreter.problems import Problem
from interpreter.validation import validate_document, validate_flow
from tests.interpreter.engine.harness import flow_document


def problems(document: dict[str, Any], modules: dict[str, dict[str, Any]] | None = None
             ) -> list[Problem]:
    loaded = {key: load_flow(doc) for key, doc in (modules or {}).items()}

    def lookup(ref: str) -> Flow | None:
        return loaded.get(ref.rpartition("@")[0])

    return validate_flow(load_flow(document), shared_registry(), modules=lookup)


def codes(found: list[Problem]) -> set[tuple[str, str, str | None, str]]:
    return {(p.severity, p.code, p.block_id, p.path) for p in found}


def msg(text: str) -> dict[str, Any]:
    return {"type": "play_message", "props": {"prompts": [{"tts": text}]}}


def test_valid_flow_has_no_problems() -> None:
    document = flow_document({"a": {**msg("hi"), "next": {"next": "b"}}, "b": msg("bye")})
    assert problems(document) == []


def test_unknown_block_type_and_bad_props() -> None:
    document = flow_document({"a": {"type": "teleport", "props": {}, "next": {"next": "b"}},
                              "b": {"type": "menu", "props": {"options": []}}})
    found = codes(problems(document))
    assert ("error", "unknown_type", "a", "type") in found
    assert ("error", "props", "b", "options") in found


def test_unknown_target_and_undeclared_port() -> None:
    document = flow_document({"a": {**msg("hi"), "next": {"next": "ghost", "sideways": "a"}}})
    found = codes(problems(document))
    assert ("error", "unknown_target", "a", "next.next") in found
    assert ("error", "unknown_port", "a", "next.sideways") in found


def test_expression_syntax_error_has_column() -> None:
    document = flow_document({"a": {"type": "assign", "props": {"assignments": [
        {"variable": "x", "expression": "x +* 2"}]}}}, variables={"x": {"type": "number"}})
    [problem] = [p for p in problems(document) if p.code == "expression_syntax"]
    assert problem.block_id == "a" and problem.path == "assignments[0].expression"
    assert problem.column == 4


def test_unreachable_block_is_a_warning() -> None:
    document = flow_document({"a": msg("hi"), "lonely": msg("nobody")})
    assert ("warning", "unreachable", "lonely", "") in codes(problems(document))


def test_edges_crossing_phases_and_blocks_not_allowed_in_phase() -> None:
    document = flow_document(
        {"init": {**msg("no caller yet"), "next": {"next": "main"}},
         "main": {"type": "route", "props": {"target": {"value": "sales"}}},
         "wrap": {"type": "milestone", "props": {"name": "w"}, "next": {"next": "main"}}},
        phases={"initialize": "init", "self_service": "main", "finalize": "wrap"})
    found = problems(document)
    found_codes = codes(found)
    assert ("error", "crosses_phase", "init", "next.next") in found_codes
    assert ("error", "crosses_phase", "wrap", "next.next") in found_codes
    assert ("error", "phase_not_allowed", "init", "") in found_codes
    assert ("error", "phase_not_allowed", "main", "") in found_codes
    message = next(p.message for p in found if p.code == "phase_not_allowed" and p.block_id == "main")
    assert "cannot be used in the" in message and "allowed in: Assisted Service" in message


def test_spinning_loop_warns_unless_bounded_by_counter() -> None:
    spin = flow_document(
        {"a": {"type": "assign", "props": {"assignments": [{"variable": "n", "expression": "1"}]},
               "next": {"next": "b"}},
         "b": {"type": "segmentation", "props": {"conditions": [{"name": "again",
                                                                  "expression": "true"}]},
               "next": {"again": "a"}}},
        variables={"n": {"type": "number", "default": 0}})
    assert any(p.code == "spinning_loop" for p in problems(spin))
    bounded = flow_document(
        {"a": {"type": "assign", "props": {"assignments": [{"variable": "n",
                                                             "expression": "n + 1"}]},
               "next": {"next": "b"}},
         "b": {"type": "segmentation", "props": {"conditions": [{"name": "again",
                                                                  "expression": "n < 3"}]},
               "next": {"again": "a"}}},
        variables={"n": {"type": "number", "default": 0}})
    assert not any(p.code == "spinning_loop" for p in problems(bounded))
    waiting = flow_document(
        {"m": {"type": "menu", "props": {"prompts": [{"tts": "?"}], "options": [{"key": "1"}]},
               "next": {"1": "m", "noinput": "m"}}})
    assert not any(p.code == "spinning_loop" for p in problems(waiting))


def test_undeclared_variables_read_and_written() -> None:
    document = flow_document(
        {"a": {"type": "assign", "props": {"assignments": [
            {"variable": "total", "expression": "price * qty + system.ANI.length"}]},
            "next": {"next": "b"}},
         "b": {"type": "play_message", "props": {"prompts": [{"tts": "{{ missing }}"},
                                                             {"prompt": "nope"}]}}},
        variables={"price": {"type": "number"}})
    found = codes(problems(document))
    assert ("error", "undeclared_variable", "a", "assignments[0].expression") in found
    assert ("error", "undeclared_variable", "a", "assignments[0].variable") in found
    assert ("error", "undeclared_variable", "b", "prompts[0].tts") in found
    assert ("error", "unknown_prompt", "b", "prompts[1]") in found
    messages = [p.message for p in problems(document)]
    assert any("'qty' is not a variable" in m for m in messages)


MODULE = flow_document({"r": {"type": "return", "props": {"outputs": {"ok": "true"}}}},
                       id="checker", kind="module", inputs=["who"], outputs=["ok"],
                       variables={"who": {"type": "string"}, "ok": {"type": "boolean"}})


def test_module_signature_mismatch() -> None:
    document = flow_document(
        {"call": {"type": "module", "props": {"module": "checker@1",
                                              "inputs": {"whom": "'x'"},
                                              "outputs": {"ok": "result", "extra": "result"}}}},
        variables={"result": {"type": "any"}})
    found = codes(problems(document, {"checker": MODULE}))
    assert ("error", "module_signature", "call", "inputs.whom") in found
    assert ("warning", "module_signature", "call", "inputs") in found
    assert ("error", "module_signature", "call", "outputs.extra") in found


def test_unknown_module_and_module_cycles() -> None:
    document = flow_document({"call": {"type": "module", "props": {"module": "ghost@1"}}})
    assert ("error", "unknown_module", "call", "module") in codes(problems(document, {}))
    a = flow_document({"x": {"type": "module", "props": {"module": "mod-b@1"}}},
                      id="mod-a", kind="module")
    b = flow_document({"x": {"type": "module", "props": {"module": "mod-a@1"}}},
                      id="mod-b", kind="module")
    found = problems(a, {"mod-a": a, "mod-b": b})
    cycle = [p for p in found if p.code == "module_cycle"]
    assert cycle and "mod-a → mod-b → mod-a" in cycle[0].message


def test_return_outside_module_and_channel_checks() -> None:
    document = flow_document(
        {"rec": {"type": "record", "props": {"variable": "v"}, "next": {"next": "r"}},
         "r": {"type": "return", "props": {}}},
        channels=["chat"], variables={"v": {"type": "string"}})
    found = codes(problems(document))
    assert ("error", "module_only", "r", "") in found
    assert ("error", "wrong_channel", "rec", "") in found
    omni = flow_document({"rec": {"type": "record", "props": {"variable": "v"}}},
                         variables={"v": {"type": "string"}})
    assert ("warning", "channel_only", "rec", "") in codes(problems(omni))


def test_validate_document_reports_load_errors() -> None:
    flow, found = validate_document("{not json", shared_registry())
    assert flow is None and found[0].code == "json_syntax"


@pytest.mark.parametrize("name", ["system", "Math"])
def test_reserved_variable_names(name: str) -> None:
    document = flow_document({"a": msg("hi")}, variables={name: {"type": "any"}})
    assert any(p.code == "reserved_name" for p in problems(document))
