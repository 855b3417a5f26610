from __future__ import annotations

import pytest

from interpreter.compiler import CompiledFlow
from interpreter.engine import Engine
from interpreter.engine.events import Input
from tests.interpreter.engine.harness import CHANNELS, Driver, compile_document, flow_document

PIN_MODULE = flow_document(
    {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "PIN for {{ who }}?"}],
                                           "variable": "pin", "grammar": "digits",
                                           "min_length": 4, "max_length": 4},
                "next": {"next": "check"}},
        "check": {"type": "segmentation", "props": {"conditions": [
            {"name": "good", "expression": "pin == '1234'"}]},
            "next": {"good": "ok", "default": "bad"}},
        "ok": {"type": "return", "props": {"outputs": {"verified": "true"}}},
        "bad": {"type": "return", "props": {"outputs": {"verified": "false"}}},
    },
    id="pin-check", kind="module", inputs=["who"], outputs=["verified"],
    variables={"who": {"type": "string", "default": "you"}, "pin": {"type": "string"},
               "verified": {"type": "boolean", "default": False}},
)

CALLER = flow_document(
    {
        "verify": {"type": "module", "props": {"module": "pin-check@1",
                                               "inputs": {"who": "name"},
                                               "outputs": {"verified": "ok"}},
                   "next": {"next": "tell", "error": "failed"}},
        "tell": {"type": "play_message", "props": {"prompts": [{"tts": "ok={{ ok }} pin={{ typeof pin }}"}]}},
        "failed": {"type": "play_message", "props": {"prompts": [
            {"tts": "failed: {{ system.LastError.message }}"}]}},
    },
    variables={"name": {"type": "string", "default": "Ann"}, "ok": {"type": "boolean"},
               "pin": {"type": "string", "default": "caller's own"}},
)


@pytest.mark.parametrize("channel", CHANNELS)
def test_module_call_with_own_scope_and_outputs(channel: str) -> None:
    driver = Driver(CALLER, channel, modules={"pin-check": PIN_MODULE})
    driver.start()
    assert driver.said()[-1] == "PIN for Ann?"
    assert driver.state["stack"][0]["block"] == "verify"
    driver.send(Input("dtmf" if channel == "voice" else "text", "1234"))
    assert driver.said()[-1] == "ok=true pin=string"
    assert driver.variable("pin") == "caller's own"
    assert driver.path == ["verify", "tell"]
    module_blocks = [e.block for e in driver.events
                     if e.kind == "block_entered" and (e.data or {}).get("module")]
    assert module_blocks == ["ask", "check", "ok"]


def test_missing_module_takes_error_port() -> None:
    driver = Driver(CALLER, "chat", modules={})
    driver.start()
    assert driver.said()[-1] == "failed: module 'pin-check@1' cannot be found"


def test_unhandled_error_inside_module_takes_callers_error_port() -> None:
    broken = flow_document(
        {"boom": {"type": "assign", "props": {"assignments": [
            {"variable": "verified", "expression": "nothing.here"}]}}},
        id="pin-check", kind="module", outputs=["verified"],
        variables={"verified": {"type": "any"}, "nothing": {"type": "any", "default": None}})
    driver = Driver(CALLER, "chat", modules={"pin-check": broken})
    driver.start()
    assert driver.said()[-1].startswith("failed: Cannot read properties of null")
    assert driver.state["stack"] == []


def test_falling_off_the_module_returns_declared_outputs() -> None:
    simple = flow_document(
        {"set": {"type": "assign", "props": {"assignments": [
            {"variable": "verified", "expression": "who == 'Ann'"}]}}},
        id="pin-check", kind="module", inputs=["who"], outputs=["verified"],
        variables={"who": {"type": "string"}, "verified": {"type": "boolean"}})
    driver = Driver(CALLER, "chat", modules={"pin-check": simple})
    driver.start()
    assert driver.said()[-1] == "ok=true pin=string"


def test_recursive_modules_stop_at_depth_limit() -> None:
    looping = flow_document(
        {"again": {"type": "module", "props": {"module": "pin-check@1"}, "next": {}}},
        id="pin-check", kind="module")
    driver = Driver(CALLER, "chat", modules={"pin-check": looping})
    driver.start()
    assert driver.said()[-1].startswith("failed: modules call each other more than")


def test_module_runs_on_its_own_and_return_ends_the_session() -> None:
    driver = Driver(PIN_MODULE, "chat")
    driver.start(variables={"who": "Bo"})
    driver.send(Input("text", "1234"))
    assert driver.ended and driver.state["end_reason"] == "returned"
    assert driver.variable("verified") is True


def test_a_namespaced_module_waiting_for_input_resumes_by_its_reference() -> None:
    caller = flow_document(
        {"verify": {"type": "module", "props": {"module": "acme/pin-check@latest",
                                                "inputs": {"who": "name"},
                                                "outputs": {"verified": "ok"}},
                    "next": {"next": "tell"}},
         "tell": {"type": "play_message", "props": {"prompts": [{"tts": "ok={{ ok }}"}]}}},
        variables={"name": {"type": "string", "default": "Ann"}, "ok": {"type": "boolean"}})
    seen: list[str] = []
    module = compile_document(PIN_MODULE)

    def resolve(ref: str) -> CompiledFlow:
        seen.append(ref)
        if not ref.startswith("acme/pin-check@"):
            raise LookupError(ref)
        return module

    driver = Driver(caller, "chat")
    driver.engine = Engine(modules=resolve)
    driver.start()
    assert driver.state["flow"]["ref"] == "acme/pin-check@draft"
    driver.send(Input("text", "1234"))
    assert driver.said()[-1] == "ok=true"
    assert seen == ["acme/pin-check@latest", "acme/pin-check@draft"]
