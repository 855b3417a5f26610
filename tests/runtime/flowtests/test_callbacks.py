"""Callbacks: a number no live service takes is refused with the live reason; any other
callback's result must be scripted (`callback_result`), never assumed."""

from __future__ import annotations

from typing import Any

import pytest

from runtime.flowtests import RunReport, load_test_file, port_coverage
from runtime.flowtests.errors import FlowTestFileError
from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say


def callback_flow(project: Project, *, error_port: bool = True) -> None:
    callback: dict[str, Any] = {
        "type": "callback", "props": {"number": "system.ANI", "queue": "support"},
        "next": {"next": "booked", **({"error": "sorry"} if error_port else {})}}
    project.flow(flow_document("callbacks", {
        "hello": say("Hello."),
        "offer": callback,
        "booked": say("We will call you back."),
        "sorry": say("Sorry, we cannot call you back."),
    }, phases={"self_service": "hello", "assisted_service": "offer"}))


def run(project: Project, steps: str, *, error_port: bool = True,
        ani: str = "+14155550123") -> tuple[bool, str, RunReport]:
    callback_flow(project, error_port=error_port)
    result = project.run(f"""
flow: flows/callbacks.json
channel: voice
given: {{system: {{ANI: "{ani}"}}}}
cases:
  - name: the case
    steps:
{steps}""")
    case = only_case(result)
    return case.passed, case.message, RunReport([result])


def test_a_callback_is_not_assumed_accepted(project: Project) -> None:
    passed, message, _ = run(project, """
      - expect: {callback: {mode: immediate, number: "+1415555*", queue: support}}
      - expect: {say: "We will call you back."}
""")
    assert not passed
    assert "The session is waiting for the callback result at block 'offer'." in message


def test_a_number_the_live_service_refuses_is_refused_with_its_reason(project: Project) -> None:
    passed, message, report = run(project, """
      - expect: {callback: {mode: immediate, number: "+1555000*", queue: support}}
      - expect: {error: {type: CallbackError, message: "+15550001111 is not a valid phone number.",
                         block: offer, handled: true}}
      - expect: {say: "Sorry, we cannot call you back."}
""", ani="+15550001111")
    assert passed, message
    (coverage,) = port_coverage(report)
    assert ("offer", "next") in coverage.ports_missed


def test_callback_result_failed_takes_the_error_port(project: Project) -> None:
    passed, message, report = run(project, """
      - expect: {callback: true}
      - input: {callback_result: failed}
      - expect: {error: {type: CallbackError, message: "the callback was refused", block: offer,
                         handled: true}}
      - expect: {say: "Sorry, we cannot call you back."}
""")
    assert passed, message
    (coverage,) = port_coverage(report)
    assert ("offer", "error") not in coverage.ports_missed
    assert ("offer", "next") in coverage.ports_missed


def test_callback_result_success_may_be_written_out(project: Project) -> None:
    passed, message, _ = run(project, """
      - input: {callback_result: success}
      - expect: {say: "We will call you back."}
""")
    assert passed, message


def test_a_refused_callback_without_an_error_port_ends_the_flow(project: Project) -> None:
    passed, message, report = run(project, """
      - input: {callback_result: failed}
      - expect: {error: {type: CallbackError, handled: false}}
      - expect: {end: {reason: error}}
""", error_port=False)
    assert passed, message
    (coverage,) = port_coverage(report)
    assert ("offer", "error") not in coverage.ports_missed
    assert coverage.ports_missed == (("offer", "next"), ("booked", "next"), ("sorry", "next"))


def test_a_hangup_while_the_callback_waits_for_its_result(project: Project) -> None:
    passed, message, _ = run(project, """
      - expect: {callback: true}
      - input: {hangup: true}
      - expect: {end: {reason: hangup}}
""")
    assert passed, message


def test_callback_result_while_the_caller_is_due(project: Project) -> None:
    project.flow(flow_document("ask", {
        "menu": {"type": "menu", "props": {"prompts": [{"tts": "Press 1."}],
                                           "options": [{"key": "1", "label": "Option 1"}]}},
    }))
    case = only_case(project.run("""
flow: flows/ask.json
channel: voice
cases:
  - name: too early
    steps: [input: {callback_result: failed}]
"""))
    assert not case.passed
    assert case.message.startswith("Step 1 of 1 (input callback_result failed): the session is "
                                   "not waiting for that; it is waiting for caller input")


def test_callback_result_values_are_checked(project: Project) -> None:
    path = project.test_file("""
flow: x.json
cases:
  - name: bad
    steps: [input: {callback_result: busy}]
""")
    with pytest.raises(FlowTestFileError) as raised:
        load_test_file(path)
    assert raised.value.problems == [
        "case 'bad': step 1: input: callback_result: Must be one of: success, failed."]
