"""Each input kind becomes the right engine event, and inputs the session cannot take fail."""

from __future__ import annotations

import pytest

from tests.runtime.flowtests.helpers import Project, only_case

ACME_HEAD = """
flow: flows/acme-main.json
channel: {channel}
given:
  business: {{tables: {{vip: []}}}}
  http:
    - match: {{url: "https://orders.example.com/*"}}
      respond: {{json: {{status: delayed}}}}
cases:
  - name: the case
"""
DESK_HEAD = """
flow: voice-desk
given: {{system: {{ANI: "+15550001111"}}}}
cases:
  - name: the case
"""


def run(project: Project, head: str, body: str, channel: str = "voice") -> tuple[bool, str]:
    case = only_case(project.run(head.format(channel=channel) + body))
    return case.passed, case.message


@pytest.mark.parametrize("channel", ["voice", "chat"])
def test_dtmf_and_text(acme: Project, channel: str) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {text: "order status"}
      - expect: {prompt: "*order number*"}
      - input: {dtmf: "31#"}
      - expect: {say: "Your order has delayed."}
    assert: {variables: {orderId: "31"}}
""", channel)
    assert passed, message


def test_chat_button_choice_is_text(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - expect: {buttons: ["Order status", "Sales"]}
      - input: {text: "Sales"}
      - expect: {route: {value: sales}}
""", "chat")
    assert passed, message


def test_noinput_and_nomatch_are_counted_apart(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {nomatch: true}
      - expect: {prompt: "Press 1*"}
      - input: {noinput: true}
      - expect: {prompt: "Press 1*"}
      - input: {dtmf: "9"}
      - expect: {route: {value: sales}}
    assert: {path: [init, vip_lookup, welcome, main_menu, to_sales, wrapup]}
""")
    assert passed, message


def test_hangup_runs_finalize(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {hangup: true}
      - expect: {end: {reason: hangup}}
    assert:
      path: [init, vip_lookup, welcome, main_menu, wrapup]
      variables: {wrapped: true}
      end_reason: hangup
""")
    assert passed, message


def test_recording_true_gives_a_recording_id(acme: Project) -> None:
    passed, message = run(acme, DESK_HEAD, """
    steps:
      - input: {dtmf: "1"}
      - expect: {record: true}
      - input: {recording: true}
      - expect: {say: "Thanks, message recording-1 was saved."}
""")
    assert passed, message


def test_route_result_failed(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {dtmf: "2"}
      - expect: {route: {value: sales}}
      - input: {route_result: failed}
      - expect: {say: "All agents are busy. Goodbye."}
    assert: {end_reason: no_agent}
""")
    assert passed, message


@pytest.mark.parametrize("status", ["busy", "noanswer", "failed"])
def test_transfer_results(acme: Project, status: str) -> None:
    passed, message = run(acme, DESK_HEAD, f"""
    steps:
      - input: {{dtmf: "2"}}
      - expect: {{transfer: {{destination: "+18005550199"}}}}
      - input: {{transfer_result: {status}}}
      - expect: {{say: "The operator is not available."}}
""")
    assert passed, message


def test_explicit_success_results_are_accepted(acme: Project) -> None:
    passed, message = run(acme, DESK_HEAD, """
    steps:
      - input: {dtmf: "2"}
      - input: {transfer_result: success}
      - expect: {end: {reason: transferred}}
""")
    assert passed, message


def test_hangup_while_waiting_in_the_queue(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {dtmf: "2"}
      - expect: {route: {value: sales}}
      - input: {hangup: true}
    assert: {end_reason: hangup, path: [init, vip_lookup, welcome, main_menu, to_sales, wrapup]}
""")
    assert passed, message


def test_input_the_session_does_not_wait_for(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {dtmf: "2"}
      - input: {route_result: failed}
      - input: {dtmf: "1"}
""")
    assert not passed
    assert "Step 3 of 3 (input dtmf '1'): the session has already ended (reason: no_agent)" \
        in message


def test_route_result_while_waiting_for_a_key(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {route_result: failed}
""")
    assert not passed
    assert message == ("Step 1 of 1 (input route_result failed): the session is not waiting for "
                       "that; it is waiting for caller input at block 'main_menu', where the "
                       "possible inputs are dtmf, text, noinput, nomatch, hangup.")


def test_a_successful_route_ends_the_session(acme: Project) -> None:
    passed, message = run(acme, ACME_HEAD, """
    steps:
      - input: {dtmf: "2"}
      - input: {dtmf: "1"}
""")
    assert not passed
    assert message.startswith("Step 2 of 2 (input dtmf '1'): the session has already ended "
                              "(reason: routed).")


def test_recording_while_waiting_for_a_key(acme: Project) -> None:
    passed, message = run(acme, DESK_HEAD, """
    steps:
      - input: {recording: true}
""")
    assert not passed
    assert "waiting for caller input at block 'desk_menu'" in message
    assert "possible inputs are dtmf, text, noinput, nomatch, hangup" in message


def test_dtmf_while_recording(acme: Project) -> None:
    passed, message = run(acme, DESK_HEAD, """
    steps:
      - input: {dtmf: "1"}
      - input: {dtmf: "5"}
""")
    assert not passed
    assert "waiting for a recording at block 'leave_message'" in message
