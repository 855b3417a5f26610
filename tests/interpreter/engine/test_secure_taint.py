"""Values computed from a secure variable are secure too (taint tracking in the engine).

The issue's example: PIN 48213579 read back digit by digit (`4 8 2 1 3 5 7 9`) and reformatted
as `48-213579`. Every test saves and reloads the state between steps (the harness does).
"""

from __future__ import annotations

from typing import Any

import pytest

from interpreter.engine.effects import Collect, ErrorRaised, HttpRequest, Say
from interpreter.engine.errors import SessionStateError
from interpreter.engine.events import HttpResponse, Input
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

PIN = "48213579"


def _answer(channel: str, value: str) -> Input:
    return Input("dtmf" if channel == "voice" else "text", value)


def pin_flow() -> dict[str, Any]:
    return flow_document(
        {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "Your PIN?"}],
                                               "variable": "PIN", "grammar": "digits",
                                               "min_length": 8, "max_length": 8},
                    "next": {"next": "derive"}},
            "derive": {"type": "assign", "props": {"assignments": [
                {"variable": "Shown", "expression": "PIN.slice(0,2) + '-' + PIN.slice(2)"},
                {"variable": "Copy", "expression": "Shown"},
                {"variable": "Plain", "expression": "'hello'"}]},
                "next": {"next": "tag"}},
            "tag": {"type": "set_data", "props": {"data": {"pin": "Copy", "lang": "'en'"}},
                    "next": {"next": "read"}},
            "read": {"type": "play_message", "props": {"prompts": [
                {"tts": "You entered"}, {"value": "PIN", "as": "digits"}, {"tts": "."}]},
                "next": {"next": "confirm"}},
            "confirm": {"type": "menu", "props": {"prompts": [
                {"tts": "Is {{ Copy }} right? Press 1."}],
                "options": [{"key": "1", "label": "Yes"}]},
                "next": {"1": "bye"}},
            "bye": {"type": "play_message", "props": {"prompts": [{"tts": "Bye {{ Plain }}"}]}},
        },
        variables={"PIN": {"type": "string", "secure": True}, "Shown": {"type": "string"},
                   "Copy": {"type": "string"}, "Plain": {"type": "string"}},
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_assign_taints_derived_variables_and_the_state_keeps_them(channel: str) -> None:
    driver = Driver(pin_flow(), channel)
    driver.start()
    driver.send(_answer(channel, PIN))
    assert driver.variable("Shown") == "48-213579"
    assert driver.state["secure_derived"] == ["Copy", "Shown"]
    assert driver.state["secure_data"] == ["pin"]
    say = next(e for e in driver.effects if isinstance(e, Say) and e.block == "read")
    assert say.text == "You entered 4 8 2 1 3 5 7 9."
    assert [p.secure for p in say.prompts] == [False, True, False]
    assert say.secure and say.prompts[1].to_json() == {"text": "4 8 2 1 3 5 7 9", "secure": True}
    menu = [e for e in driver.effects if isinstance(e, Collect) and e.block == "confirm"][-1]
    assert menu.text == "Is 48-213579 right? Press 1."
    assert menu.prompt_secure and not menu.secure
    assert menu.prompts[0].masked == ("Is ", None, " right? Press 1.")
    driver.send(_answer(channel, "1"))
    bye = [e for e in driver.effects if isinstance(e, Say) and e.block == "bye"][-1]
    assert bye.text == "Bye hello" and not bye.secure


def test_taint_is_sticky_and_survives_a_reloaded_state() -> None:
    document = pin_flow()
    document["blocks"]["derive"]["props"]["assignments"].append(
        {"variable": "Shown", "expression": "'now plain'"})
    driver = Driver(document, "chat")
    driver.start()
    driver.send(_answer("chat", PIN))
    assert "Shown" in driver.state["secure_derived"]
    driver.send(_answer("chat", "1"))
    assert driver.ended and "Shown" in driver.state["secure_derived"]


def test_a_damaged_secure_derived_list_is_refused() -> None:
    driver = Driver(pin_flow(), "chat")
    driver.start()
    driver.state["secure_derived"] = "Shown"
    with pytest.raises(SessionStateError, match="secure_derived"):
        driver.send(_answer("chat", PIN))


def test_state_saved_before_taint_tracking_resumes_without_it() -> None:
    driver = Driver(pin_flow(), "chat")
    driver.start()
    del driver.state["secure_derived"], driver.state["secure_data"]
    driver.send(_answer("chat", PIN))
    assert driver.state["secure_derived"] == ["Copy", "Shown"]


MODULE = flow_document(
    {
        "work": {"type": "assign", "props": {"assignments": [
            {"variable": "Masked", "expression": "'**' + Code.slice(-4)"},
            {"variable": "Greeting", "expression": "'hi ' + Who"}]},
            "next": {"next": "speak"}},
        "speak": {"type": "play_message", "props": {"prompts": [{"tts": "code {{ Code }}"}]},
                  "next": {"next": "done"}},
        "done": {"type": "return", "props": {"outputs": {"Out": "Masked", "Hello": "Greeting"}}},
    },
    id="digits", kind="module", inputs=["Code", "Who"], outputs=["Out", "Hello"],
    variables={"Code": {"type": "string"}, "Who": {"type": "string"},
               "Masked": {"type": "string"}, "Greeting": {"type": "string"},
               "Out": {"type": "string"}, "Hello": {"type": "string"}},
)


@pytest.mark.parametrize("channel", CHANNELS)
def test_module_inputs_and_outputs_carry_the_taint(channel: str) -> None:
    caller = flow_document(
        {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "PIN?"}], "variable": "PIN",
                                               "grammar": "digits", "min_length": 8,
                                               "max_length": 8},
                    "next": {"next": "call"}},
            "call": {"type": "module", "props": {"module": "digits@1",
                                                 "inputs": {"Code": "PIN", "Who": "Name"},
                                                 "outputs": {"Out": "Last", "Hello": "Hi"}},
                     "next": {"next": "wait"}},
            "wait": {"type": "menu", "props": {"prompts": [{"tts": "{{ Last }} / {{ Hi }}"}],
                                               "options": [{"key": "1", "label": "Ok"}]}},
        },
        variables={"PIN": {"type": "string", "secure": True}, "Name": {"type": "string",
                                                                      "default": "Ann"},
                   "Last": {"type": "string"}, "Hi": {"type": "string"}},
    )
    driver = Driver(caller, channel, modules={"digits": MODULE})
    driver.start()
    driver.send(_answer(channel, PIN))
    speak = next(e for e in driver.effects if isinstance(e, Say) and e.block == "speak")
    assert speak.text == f"code {PIN}" and speak.secure
    assert driver.variable("Last") == "**3579"
    assert driver.state["secure_derived"] == ["Last"]
    wait = [e for e in driver.effects if isinstance(e, Collect) and e.block == "wait"][-1]
    assert wait.prompt_secure
    assert [p.secure for p in wait.prompts] == [True]


def test_a_module_waiting_mid_call_keeps_both_scopes_taint() -> None:
    module = flow_document(
        {
            "work": {"type": "assign", "props": {"assignments": [
                {"variable": "Copy", "expression": "Code"}]}, "next": {"next": "ask"}},
            "ask": {"type": "menu", "props": {"prompts": [{"tts": "ok?"}],
                                              "options": [{"key": "1", "label": "Ok"}]},
                    "next": {"1": "done"}},
            "done": {"type": "return", "props": {"outputs": {"Out": "'fixed'"}}},
        },
        id="keeper", kind="module", inputs=["Code"], outputs=["Out"],
        variables={"Code": {"type": "string"}, "Copy": {"type": "string"},
                   "Out": {"type": "string"}},
    )
    caller = flow_document(
        {
            "derive": {"type": "assign", "props": {"assignments": [
                {"variable": "Mine", "expression": "Secret + '!'"}]}, "next": {"next": "call"}},
            "call": {"type": "module", "props": {"module": "keeper@1",
                                                 "inputs": {"Code": "Mine"},
                                                 "outputs": {"Out": "Result"}}},
        },
        variables={"Secret": {"type": "string", "secure": True, "default": PIN},
                   "Mine": {"type": "string"}, "Result": {"type": "string"}},
    )
    driver = Driver(caller, "voice", modules={"keeper": module})
    driver.start()
    assert driver.state["secure_derived"] == ["Code", "Copy"]
    assert driver.state["stack"][0]["secure_derived"] == ["Mine"]
    driver.send(Input("dtmf", "1"))
    assert driver.state["secure_derived"] == ["Mine"]
    assert driver.variable("Result") == "fixed"


def test_http_request_parts_built_from_a_secret_are_flagged() -> None:
    document = flow_document(
        {
            "derive": {"type": "assign", "props": {"assignments": [
                {"variable": "Shown", "expression": "PIN.slice(0,2) + '-' + PIN.slice(2)"}]},
                "next": {"next": "call"}},
            "call": {"type": "http", "props": {
                "method": "POST", "url": "https://bank.example.com/verify",
                "headers": {"X-Trace": "t1"}, "body": "{\"pin\": \"{{ Shown }}\"}"}},
        },
        variables={"PIN": {"type": "string", "secure": True, "default": PIN},
                   "Shown": {"type": "string"}},
    )
    driver = Driver(document, "chat")
    driver.start()
    request = next(e for e in driver.effects if isinstance(e, HttpRequest))
    assert request.body == '{"pin": "48-213579"}'
    assert request.secure_parts == ("body",)
    assert request.masked == {"body": ('{"pin": "', None, '"}')}
    assert request.to_json()["secure_parts"] == ["body"]


def test_last_error_masks_secret_and_derived_values() -> None:
    document = flow_document(
        {
            "derive": {"type": "assign", "props": {"assignments": [
                {"variable": "Shown", "expression": "PIN.slice(0,2) + '-' + PIN.slice(2)"}]},
                "next": {"next": "call"}},
            "call": {"type": "http", "props": {"method": "GET",
                                               "url": "https://x.example.com/{{ Shown }}"},
                     "next": {"error": "tell"}},
            "tell": {"type": "play_message", "props": {"prompts": [
                {"tts": "{{ system.LastError.message }}"}]}},
        },
        variables={"PIN": {"type": "string", "secure": True, "default": PIN},
                   "Shown": {"type": "string"}},
    )
    driver = Driver(document, "chat")
    driver.start()
    driver.send(HttpResponse(0, error=f"could not reach https://x.example.com/48-213579 "
                                      f"for {PIN}"))
    error = next(e for e in driver.effects if isinstance(e, ErrorRaised))
    assert "48-213579" not in error.message and PIN not in error.message
    assert error.message == "could not reach https://x.example.com/**** for ****"
    assert driver.state["system"]["LastError"]["message"] == error.message
