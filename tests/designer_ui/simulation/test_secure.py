"""The simulator keeps no form of a secure value: not in its output, its stored transcript, its
variable view nor a saved test case (the issue's PIN 48213579, read as digits and as
`48-213579`); the saved case still runs once a test value is filled in."""

from __future__ import annotations

import json
from typing import Any

import yaml
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import SimulatorSession
from designer_ui.simulation.secure import SECRET_MASK
from designer_ui.simulation.testcase import SECURE_PLACEHOLDER
from tests.designer_ui.helpers import Api

PIN = "48213579"
FORMS = (PIN, "48-213579", "4 8 2 1 3 5 7 9", "4 8 2 1")


def pin_flow() -> dict[str, Any]:
    return {
        "format": "designer-flow", "format_version": 1, "id": "sim-pin", "name": "PIN",
        "channels": ["voice", "chat"],
        "variables": {"PIN": {"type": "string", "default": None, "secure": True},
                      "Shown": {"type": "string", "default": None}},
        "phases": {"self_service": "ask"},
        "blocks": {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "Your PIN?"}],
                                               "variable": "PIN", "grammar": "digits",
                                               "min_length": 8, "max_length": 8},
                    "next": {"next": "derive"}},
            "derive": {"type": "assign", "props": {"assignments": [
                {"variable": "Shown", "expression": "PIN.slice(0,2) + '-' + PIN.slice(2)"}]},
                "next": {"next": "read"}},
            "read": {"type": "play_message", "props": {"prompts": [
                {"tts": "You entered"}, {"value": "PIN", "as": "digits"}, {"tts": "."}]},
                "next": {"next": "shown"}},
            "shown": {"type": "play_message", "props": {"prompts": [
                {"tts": "That is {{ Shown }} on file."}]}, "next": {"next": "bye"}},
            "bye": {"type": "terminate", "props": {"reason": "done"}},
        },
    }


def _texts(output: list[dict[str, Any]]) -> list[str]:
    return [" ".join(p.get("text", "") for p in effect.get("prompts", []))
            for effect in output if effect["kind"] == "say"]


def test_simulator_output_transcript_and_case_hold_no_derived_form(app: Flask,
                                                                   developer: Api) -> None:
    developer.create_flow(pin_flow())
    started = developer.post("simulator/sessions", json={"flow_id": "sim-pin",
                                                         "channel": "voice"})
    assert started.status_code == 201, started.json
    sid = started.json["session_id"]
    done = developer.post(f"simulator/sessions/{sid}/events", json={"input": {"dtmf": PIN}})
    assert done.status_code == 200, done.json
    assert _texts(done.json["output"]) == [f"You entered {SECRET_MASK} .",
                                           f"That is {SECRET_MASK} on file."]
    variables = done.json["state_summary"]["variables"]
    assert variables["PIN"] == SECRET_MASK and variables["Shown"] == SECRET_MASK
    with app.app_context():
        session = db.session.get(SimulatorSession, sid)
        assert session is not None
        stored = json.dumps([session.transcript, session.state.get("secure_derived")])
    assert '"Shown"' in stored
    answered = developer.post(f"simulator/sessions/{sid}/testcase", json={"name": "pin"})
    assert answered.status_code == 200, answered.json
    for form in FORMS:
        assert form not in json.dumps(done.json) and form not in stored
        assert form not in answered.json["yaml"]
    assert answered.json["yaml"].startswith("# This case typed secure values")
    case = yaml.safe_load(answered.json["yaml"])["cases"][0]
    assert {"input": {"dtmf": SECURE_PLACEHOLDER}} in case["steps"]
    assert {"expect": {"say": "You entered *."}} in case["steps"]
    assert {"expect": {"say": "That is * on file."}} in case["steps"]
    filled = answered.json["yaml"].replace(SECURE_PLACEHOLDER, PIN)
    developer.put("flows/sim-pin/tests", json={"yaml": filled})
    results = developer.post("flows/sim-pin/tests/run").json
    assert results["failed"] == 0 and results["passed"] == 1, results


def test_secure_starting_values_become_placeholders(developer: Api) -> None:
    developer.create_flow(pin_flow())
    started = developer.post("simulator/sessions", json={
        "flow_id": "sim-pin", "channel": "chat", "variables": {"PIN": PIN, "Shown": "x"}})
    assert started.status_code == 201, started.json
    sid = started.json["session_id"]
    answered = developer.post(f"simulator/sessions/{sid}/testcase", json={"name": "start"})
    case = yaml.safe_load(answered.json["yaml"])["cases"][0]
    assert case["variables"] == {"PIN": SECURE_PLACEHOLDER, "Shown": "x"}
    assert PIN not in answered.json["yaml"]


DERIVED_FORMS = ("4|8|2|1", "4821-3579", "4 8 2 1", "4.8.2.1", "482-13579", "x48213579")


def routing_flow() -> dict[str, Any]:
    """Errors computed from the PIN, attached data and a route target computed from it."""
    return {
        "format": "designer-flow", "format_version": 1, "id": "sim-route", "name": "Route",
        "channels": ["chat"],
        "variables": {"pin": {"type": "string", "default": None, "secure": True},
                      "x": {"type": "any", "default": None},
                      "said": {"type": "any", "default": None}},
        "phases": {"self_service": "ask", "assisted_service": "rt"},
        "blocks": {
            "ask": {"type": "input", "props": {"prompts": [{"tts": "PIN?"}], "variable": "pin",
                                               "grammar": "digits"},
                    "next": {"next": "bad"}},
            "bad": {"type": "assign", "props": {"assignments": [
                {"variable": "x", "expression": "RegExp('(' + pin.split('').join('|'))"}]},
                "next": {"next": "sd", "error": "keep"}},
            "keep": {"type": "assign", "props": {"assignments": [
                {"variable": "said", "expression": "system.LastError.message"}]},
                "next": {"next": "null"}},
            "null": {"type": "assign", "props": {"assignments": [
                {"variable": "x", "expression": "null[pin.slice(0,4) + '-' + pin.slice(4)]"}]},
                "next": {"next": "sd", "error": "sd"}},
            "sd": {"type": "set_data", "props": {"data": {
                "acct": "pin.split('').join(' ')", "acct2": "'x' + pin"}}, "next": {}},
            "rt": {"type": "route", "props": {
                "target": {"type": "queue", "value": "q-{{ pin.split('').join('.') }}"},
                "skills": "[pin.slice(0,3) + '-' + pin.slice(3)]", "priority": 5}, "next": {}},
        },
    }


def test_errors_and_routes_computed_from_a_secret_are_masked(app: Flask, developer: Api) -> None:
    developer.create_flow(routing_flow())
    started = developer.post("simulator/sessions", json={
        "flow_id": "sim-route", "channel": "chat", "mocks": {"route": "success"}})
    assert started.status_code == 201, started.json
    sid = started.json["session_id"]
    done = developer.post(f"simulator/sessions/{sid}/events", json={"input": {"text": PIN}})
    assert done.status_code == 200, done.json
    errors = [effect for effect in done.json["output"] if effect["kind"] == "error"]
    assert [error["type"] for error in errors] == ["SyntaxError", "TypeError"]
    route = next(effect for effect in done.json["output"] if effect["kind"] == "route")
    assert route["target"] == f"q-{SECRET_MASK}" and route["skills"] == [SECRET_MASK]
    assert route["data"] == {"acct": SECRET_MASK, "acct2": SECRET_MASK}
    assert route["priority"] == 5
    with app.app_context():
        session = db.session.get(SimulatorSession, sid)
        assert session is not None
        stored = json.dumps([session.transcript, session.state.get("system")])
    answered = developer.post(f"simulator/sessions/{sid}/testcase", json={"name": "route"})
    assert answered.status_code == 200, answered.json
    for form in (PIN, *DERIVED_FORMS):
        assert form not in json.dumps(done.json) and form not in stored
        assert form not in answered.json["yaml"]
    case = yaml.safe_load(answered.json["yaml"])["cases"][0]
    assert {"expect": {"route": {"type": "queue", "value": "q-*"}}} in case["steps"]
    filled = answered.json["yaml"].replace(SECURE_PLACEHOLDER, PIN)
    developer.put("flows/sim-route/tests", json={"yaml": filled})
    results = developer.post("flows/sim-route/tests/run").json
    assert results["failed"] == 0 and results["passed"] == 1, results
