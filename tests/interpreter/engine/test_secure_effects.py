"""Forms of a secure value no masking of known values can find: an error message computed
from one, and the parts of a route, transfer or callback computed from one.

PIN 48213579 again: `RegExp('(' + pin.split('').join('|'))` fails with a message holding
`(4|8|2|1|3|5|7|9`, a read on null with one holding `4821-3579`; a route to
`q-{{ pin.split('').join('.') }}` carries `q-4.8.2.1.3.5.7.9`. The flow keeps the error's type
and the route the real values; every record gets the masked forms.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from interpreter.engine.effects import Callback, ErrorRaised, Route, Transfer
from interpreter.engine.errors import SECURE_ERROR_MESSAGE
from interpreter.engine.events import Input
from runtime.secure_output import effect_secrets, masked_effect_json, recorded_target
from tests.interpreter.engine.harness import Driver, flow_document

PIN = "48213579"
FORMS = (PIN, "4|8|2|1", "4821-3579", "4 8 2 1", "4.8.2.1", "482-13579", "x48213579")
MASK = "##"


def _leaks(text: str) -> list[str]:
    return [form for form in FORMS if form in text]


def _error_flow(expression: str) -> dict[str, Any]:
    return flow_document(
        {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "PIN?"}], "variable": "pin",
                                               "grammar": "digits"},
                    "next": {"next": "fail"}},
            "fail": {"type": "assign", "props": {"assignments": [
                {"variable": "x", "expression": expression}]},
                "next": {"next": "done", "error": "keep"}},
            "keep": {"type": "assign", "props": {"assignments": [
                {"variable": "kind", "expression": "system.LastError.type"},
                {"variable": "said", "expression": "system.LastError.message"}]},
                "next": {"next": "done"}},
            "done": {"type": "play_message", "props": {"prompts": [{"tts": "ok"}]}},
        },
        variables={"pin": {"type": "string", "secure": True}, "x": {"type": "any"},
                   "kind": {"type": "any"}, "said": {"type": "any"}},
        channels=["chat"],
    )


@pytest.mark.parametrize(("expression", "kind"), [
    ("RegExp('(' + pin.split('').join('|'))", "SyntaxError"),
    ("null[pin.slice(0,4) + '-' + pin.slice(4)]", "TypeError"),
    ("JSON.parse('{\"a\": ' + pin.split('').join(' ') + '}')", "SyntaxError"),
])
def test_an_error_computed_from_a_secret_keeps_its_type_not_its_message(expression: str,
                                                                        kind: str) -> None:
    driver = Driver(_error_flow(expression), "chat")
    driver.start()
    driver.send(Input("text", PIN))
    error = next(e for e in driver.effects if isinstance(e, ErrorRaised))
    assert (error.type, error.message, error.handled) == (kind, SECURE_ERROR_MESSAGE, True)
    assert driver.variable("kind") == kind
    assert driver.variable("said") == SECURE_ERROR_MESSAGE
    assert driver.state["system"]["LastError"] == {"block": "fail", "type": kind,
                                                   "message": SECURE_ERROR_MESSAGE}
    recorded = json.dumps([driver.state["system"], [e.to_json() for e in driver.effects],
                           [e.to_json() for e in driver.events]])
    assert _leaks(recorded) == []


def test_an_error_of_a_block_reading_a_derived_variable_is_secure_too() -> None:
    document = _error_flow("RegExp(shown)")
    document["blocks"]["derive"] = {"type": "assign", "props": {"assignments": [
        {"variable": "shown", "expression": "'(' + pin.split('').join('|')"}]},
        "next": {"next": "fail"}}
    document["blocks"]["ask"]["next"] = {"next": "derive"}
    document["variables"]["shown"] = {"type": "any"}
    driver = Driver(document, "chat")
    driver.start()
    driver.send(Input("text", PIN))
    assert driver.variable("said") == SECURE_ERROR_MESSAGE
    assert _leaks(json.dumps(driver.state["system"])) == []


def test_an_error_that_reads_no_secret_keeps_its_message() -> None:
    driver = Driver(_error_flow("null.length"), "chat")
    driver.start()
    driver.send(Input("text", PIN))
    assert driver.variable("kind") == "TypeError"
    assert driver.variable("said") == "Cannot read properties of null (reading 'length')"


def _routing_flow(final: dict[str, Any], channels: tuple[str, ...] = ("chat",)) -> dict[str, Any]:
    return flow_document(
        {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "PIN?"}], "variable": "pin",
                                               "grammar": "digits"},
                    "next": {"next": "tag"}},
            "tag": {"type": "set_data", "props": {"data": {
                "acct": "pin.split('').join(' ')", "acct2": "'x' + pin", "lang": "'en'"}},
                "next": {"next": "final"}},
            "final": final,
        },
        phases={"self_service": "ask", "assisted_service": "final"},
        variables={"pin": {"type": "string", "secure": True}},
        channels=list(channels),
    )


def _run(document: dict[str, Any], channel: str = "chat") -> Driver:
    driver = Driver(document, channel)
    driver.start()
    driver.send(Input("dtmf" if channel == "voice" else "text", PIN))
    return driver


def test_a_route_keeps_the_real_values_and_flags_those_computed_from_a_secret() -> None:
    driver = _run(_routing_flow({"type": "route", "props": {
        "target": {"type": "queue", "value": "q-{{ pin.split('').join('.') }}"},
        "skills": "[pin.slice(0,3) + '-' + pin.slice(3)]", "priority": "pin.length - 3"}}))
    route = next(e for e in driver.effects if isinstance(e, Route))
    assert route.target == "q-4.8.2.1.3.5.7.9" and route.skills == ("482-13579",)
    assert route.priority == 5
    assert route.data == {"acct": "4 8 2 1 3 5 7 9", "acct2": "x48213579", "lang": "en"}
    assert route.secure_parts == ("target", "skills", "priority", "data.acct", "data.acct2")
    assert route.masked == {"target": ("q-", None)}
    shown = masked_effect_json(route.to_json(), MASK)
    assert shown["target"] == "q-##" and shown["skills"] == ["##"] and shown["priority"] == "##"
    assert shown["data"] == {"acct": "##", "acct2": "##", "lang": "en"}
    assert _leaks(json.dumps(shown)) == []
    assert {"4.8.2.1.3.5.7.9", "482-13579", "4 8 2 1 3 5 7 9", "x48213579"} <= set(
        effect_secrets(route))
    assert recorded_target(route, MASK) == "q-##"


def test_a_route_that_reads_no_secret_has_no_secure_marks() -> None:
    driver = _run(_routing_flow({"type": "route", "props": {
        "target": {"type": "queue", "value": "sales"}, "skills": ["en"]}}))
    route = next(e for e in driver.effects if isinstance(e, Route))
    assert route.secure_parts == ("data.acct", "data.acct2")
    document = _routing_flow({"type": "route", "props": {
        "target": {"type": "queue", "value": "sales"}}})
    del document["blocks"]["tag"]["props"]["data"]["acct"]
    del document["blocks"]["tag"]["props"]["data"]["acct2"]
    plain = next(e for e in _run(document).effects if isinstance(e, Route))
    assert "secure_parts" not in plain.to_json() and "masked" not in plain.to_json()


def test_a_transfer_and_a_callback_flag_their_secret_parts() -> None:
    transfer = next(e for e in _run(_routing_flow(
        {"type": "transfer", "props": {"destination": "'sip:' + pin + '@pbx'"}},
        ("voice",)), "voice").effects if isinstance(e, Transfer))
    assert transfer.destination == "sip:48213579@pbx"
    assert transfer.secure_parts == ("destination", "data.acct", "data.acct2")
    assert recorded_target(transfer, MASK) == "##"
    assert _leaks(json.dumps(masked_effect_json(transfer.to_json(), MASK))) == []
    callback = next(e for e in _run(_routing_flow(
        {"type": "callback", "props": {"number": "'+1' + pin"}})).effects
        if isinstance(e, Callback))
    assert callback.number == "+148213579"
    assert callback.secure_parts == ("number", "data.acct", "data.acct2")
    assert _leaks(json.dumps(masked_effect_json(callback.to_json(), MASK))) == []
