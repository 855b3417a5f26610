"""Flow tests of an in-queue flow (kind `in_queue`): the case starts it with the queue's
figures in `given.system.Queue`, changes them with `input: {queue: {...}}` between turns, and
the flow leaves the queue by ending with `terminate` reason `voicemail`. The main flow's
route hears that reason and takes its `voicemail` port."""

from __future__ import annotations

from typing import Any

from tests.runtime.flowtests.helpers import Project, flow_document, say

ANNOUNCE = ("You are caller {{system.Queue.position}}; your wait is about "
            "{{system.Queue.ewt_s}} seconds. Press 1 to leave a message.")


def in_queue_flow() -> dict[str, Any]:
    return flow_document("support-wait", {
        "announce": {"type": "menu", "props": {
            "prompts": [{"tts": ANNOUNCE}], "options": [{"key": "1", "label": "Voicemail"}]},
            "next": {"1": "message", "noinput": "announce", "nomatch": "announce"}},
        "message": {"type": "record", "props": {
            "prompts": [{"tts": "Leave your message after the tone."}],
            "variable": "message"},
            "next": {"next": "leave_voicemail", "noinput": "leave_voicemail"}},
        "leave_voicemail": {"type": "terminate", "props": {"reason": "voicemail"}},
    }, kind="in_queue", channels=("voice",), variables={"message": {"type": "any"}})


def main_flow() -> dict[str, Any]:
    return flow_document("support-line", {
        "hello": say("Hello"),
        "queue": {"type": "route", "props": {"target": {"type": "queue", "value": "support"}},
                  "next": {"voicemail": "noted"}},
        "noted": say("We will call you back."),
    }, channels=("voice",), phases={"self_service": "hello", "assisted_service": "queue"})


def test_an_in_queue_flow_announces_position_and_wait_and_takes_voicemail(
        project: Project) -> None:
    project.flow(in_queue_flow())
    result = project.run("""
        flow: support-wait
        channel: voice
        given: {system: {Queue: {name: support, position: 3, ewt_s: 240}}}
        cases:
          - name: position and wait, then a message
            steps:
              - expect: {prompt: "You are caller 3; your wait is about 240 seconds.*"}
              - input: {queue: {position: 1, ewt_s: 45}}
              - input: {noinput: true}
              - expect: {prompt: "You are caller 1; your wait is about 45 seconds.*"}
              - input: {dtmf: "1"}
              - expect: {record: {prompt: "Leave your message*"}}
              - input: {recording: {id: msg-1}}
              - expect: {end: {reason: voicemail}}
    """)
    assert result.passed, [case.message for case in result.cases]


def test_the_route_takes_the_port_the_in_queue_flow_chose(project: Project) -> None:
    project.flow(main_flow())
    result = project.run("""
        flow: support-line
        channel: voice
        cases:
          - name: left a voicemail
            steps:
              - expect: {route: {value: support}}
              - input: {route_result: voicemail}
              - expect: {say: We will call you back.}
          - name: left with no port for it
            steps:
              - expect: {route: {value: support}}
              - input: {route_result: leave}
              - expect: {end: true}
    """)
    assert result.passed, [case.message for case in result.cases]


def test_a_queue_input_is_checked(project: Project) -> None:
    project.flow(in_queue_flow())
    result = project.run("""
        flow: support-wait
        channel: voice
        cases:
          - name: bad figures
            steps:
              - input: {queue: {position: -1}}
    """)
    assert not result.passed
