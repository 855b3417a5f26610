"""Values of secure variables never appear in a report: messages, mismatches, JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from runtime.flowtests import RunReport, junit_tree, run_file
from runtime.flowtests.masking import SecretValues
from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say

SECURE_PIN = {"pin": {"type": "string", "default": None, "secure": True}}


def ask_pin(next_block: str) -> dict[str, Any]:
    return {"type": "input", "props": {"prompts": [{"tts": "Your PIN?"}], "variable": "pin",
                                       "min_length": 4, "max_length": 6, "retries": 0},
            "next": {"next": next_block}}


def message_of(project: Project, document: dict[str, Any], steps: str,
               given: str = "{}") -> str:
    project.flow(document)
    case = only_case(project.run(f"""
flow: flows/{document['id']}.json
channel: voice
given: {given}
cases:
  - name: the case
    steps:
{steps}"""))
    assert not case.passed
    return case.message


def test_a_typed_secure_value_is_masked_in_unmatched_requests(project: Project) -> None:
    message = message_of(project, flow_document("post-pin", {
        "ask": ask_pin("post"),
        "post": {"type": "http", "props": {
            "method": "POST", "url": "https://api.example.com/pins/{{ pin }}",
            "body": '{"pin": "{{ pin }}"}'}},
    }, variables=SECURE_PIN), '      - input: {dtmf: "4321#"}\n',
        given='{http: [{match: {url: "https://other.example.com/*"}, respond: {status: 200}}]}')
    assert "4321" not in message
    assert message.startswith("Step 1 of 1 (input dtmf '****'): The flow made an HTTP request "
                              "that no mock in `given.http` answers (block 'post')")
    assert ('  request: http POST https://api.example.com/pins/**** body {"pin": "****"}'
            in message)


def test_a_spoken_secure_value_is_masked_in_mismatches_and_junit(project: Project) -> None:
    project.flow(flow_document("echo", {
        "ask": ask_pin("tell"),
        "tell": say("You typed {{ pin }}, right?"),
    }, variables=SECURE_PIN))
    result = run_file(project.test_file("""
flow: flows/echo.json
channel: voice
cases:
  - name: echo
    steps:
      - input: {dtmf: "987654"}
      - expect: {say: "You typed nothing"}
"""))
    message = only_case(result).message
    assert "987654" not in message
    assert 'actual:   say "You typed ****, right?"   <- block \'tell\'' in message
    assert "  1. say \"You typed ****, right?\"   (block 'tell')" in message
    xml = ET.tostring(junit_tree(RunReport([result])).getroot(), encoding="unicode")
    assert "987654" not in xml and "You typed ****, right?" in xml


def test_a_value_typed_but_not_accepted_is_masked_too(project: Project) -> None:
    message = message_of(project, flow_document("short", {
        "ask": {**ask_pin("done"), "next": {"next": "done", "nomatch": "done"}},
        "done": say("Done."),
    }, variables=SECURE_PIN), '      - input: {dtmf: "12#"}\n      - expect: {say: "Nope"}\n')
    assert "12#" not in message


def test_secure_variables_of_the_calling_flow_are_masked_inside_a_module(project: Project) -> None:
    project.flow(flow_document("relay", {
        "fetch": {"type": "http", "props": {"url": "https://api.example.com/t/{{ t }}"}},
    }, kind="module", variables={"t": {"type": "string", "default": ""}}, inputs=["t"]),
        "modules/relay.json")
    message = message_of(project, flow_document("holder", {
        "keep": {"type": "assign", "props": {"assignments": [
            {"variable": "token", "expression": "'tok-98765'"}]}, "next": {"next": "call"}},
        "call": {"type": "module", "props": {"module": "relay@latest",
                                             "inputs": {"t": "token"}}},
    }, variables={"token": {"type": "string", "default": "", "secure": True}}),
        '      - expect: {say: "Hello"}\n')
    assert "tok-98765" not in message
    assert "request: http GET https://api.example.com/t/****" in message


def test_secure_variables_of_a_called_module_are_masked(project: Project) -> None:
    project.flow(flow_document("reader", {
        "ask": ask_pin("tell"),
        "tell": say("Module heard {{ pin }}.", "back"),
        "back": {"type": "return", "props": {}},
    }, kind="module", variables=SECURE_PIN), "modules/reader.json")
    message = message_of(project, flow_document("outer", {
        "call": {"type": "module", "props": {"module": "reader@latest"},
                 "next": {"next": "bye"}},
        "bye": say("Bye."),
    }), '      - input: {dtmf: "55555#"}\n      - expect: {say: "Hello"}\n')
    assert "55555" not in message
    assert "Module heard ****." in message


def test_short_values_and_copies(project: Project) -> None:
    document = flow_document("copies", {
        "set": {"type": "assign", "props": {"assignments": [
            {"variable": "digit", "expression": "'7'"},
            {"variable": "code", "expression": "4242"},
            {"variable": "copy", "expression": "'code ' + code"},
        ]}, "next": {"next": "tell"}},
        "tell": say("Digit {{ digit }}, code {{ code }}."),
    }, variables={"digit": {"type": "string", "default": "", "secure": True},
                  "code": {"type": "number", "default": 0, "secure": True},
                  "copy": {"type": "string", "default": ""}})
    project.flow(document)
    result = project.run("""
flow: flows/copies.json
channel: chat
cases:
  - name: what it says
    steps: [expect: {say: "Digit 8*"}]
  - name: what it keeps
    assert:
      variables: {code: 4242, copy: "code 1"}
""")
    said, kept = (case.message for case in result.cases)
    assert 'actual:   say "Digit 7, code ****."' in said
    assert "4242" not in said + kept
    assert kept == 'assert.variables: copy is "code ****", expected "code 1"'


def test_secret_values_mask_longest_first_and_in_json() -> None:
    secrets = SecretValues()
    secrets.add("4321")
    secrets.add("4321#")
    secrets.add("x")
    secrets.add(['say "hi"', {"n": 12.0, "flag": True, "none": None}])
    assert secrets.mask("typed 4321# then 4321") == "typed **** then ****"
    assert secrets.mask('body {"q": "say \\"hi\\""} n=12 x true') == 'body {"q": "****"} n=**** x true'
    assert SecretValues().mask("nothing to hide") == "nothing to hide"
