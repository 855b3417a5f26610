"""Each expect kind, how outputs are consumed, strict mode, and what a failed expect says."""

from __future__ import annotations

import pytest

from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say

ACME = """
flow: flows/acme-main.json
channel: {channel}
given:
  system: {{ANI: "+15551234567"}}
  business: {{tables: {{vip: [{{ani: "+15551234567", tier: gold}}]}}}}
  http:
    - match: {{method: GET, url: "https://orders.example.com/orders/*"}}
      respond: {{json: {{status: shipped}}}}
cases:
  - name: the case
{body}
"""


def run_acme(acme: Project, body: str, channel: str = "voice") -> tuple[bool, str]:
    text = ACME.format(channel=channel, body=body)
    case = only_case(acme.run(text))
    return case.passed, case.message


def steps(*lines: str) -> str:
    return "    steps:\n" + "".join(f"      - {line}\n" for line in lines)


@pytest.mark.parametrize("channel", ["voice", "chat"])
def test_say_prompt_and_menu(acme: Project, channel: str) -> None:
    passed, message = run_acme(acme, steps(
        'expect: {say: "Welcome to Acme [gold]."}',
        'expect: {prompt: "Press ? for order status*"}',
        'expect: {menu: {options: ["1", "2"]}}'), channel)
    assert passed, message


def test_message_and_buttons_exist_on_chat_only(acme: Project) -> None:
    chat = steps('expect: {message: "Welcome*"}',
                 'expect: {buttons: ["Order status", "Sa*"]}')
    passed, message = run_acme(acme, chat, "chat")
    assert passed, message
    passed, message = run_acme(acme, steps('expect: {buttons: ["Order status", "Sales"]}'))
    assert not passed
    assert 'expected: buttons "Order status", "Sales"' in message
    passed, message = run_acme(acme, steps('expect: {message: "Welcome*"}'))
    assert not passed


def test_say_and_message_are_one_output_on_chat(acme: Project) -> None:
    passed, message = run_acme(acme, steps('expect: {say: "Welcome*"}',
                                           'expect: {message: "Welcome*"}'), "chat")
    assert not passed
    assert "Step 2 of 2 (expect message): no output since the previous step matches" in message


def test_menu_options_must_be_exact(acme: Project) -> None:
    passed, message = run_acme(acme, steps('expect: {menu: {options: ["1", "2", "3"]}}'))
    assert not passed
    assert "expected: menu options 1, 2, 3" in message
    assert "actual:   menu options 1, 2   <- block 'main_menu'" in message


def test_route_http_and_end_match_the_fields_given(acme: Project) -> None:
    passed, message = run_acme(acme, steps(
        'input: {dtmf: "1"}', 'input: {dtmf: "12345#"}',
        'expect: {http: {method: get, url: "https://orders.example.com/orders/12345"}}',
        "expect: {route: {type: queue, value: sales, skills: [orders], priority: 5}}",
        "expect: {end: {reason: rout*}}"))
    assert passed, message


@pytest.mark.parametrize(("expectation", "shown"), [
    ("{route: {value: support}}", 'route value "support"'),
    ("{route: {skills: [billing]}}", 'route skills ["billing"]'),
    ("{route: {type: agent}}", 'route type "agent"'),
    ('{http: {url: "*/orders/999"}}', 'http url "*/orders/999"'),
    ("{http: {method: POST}}", 'http method "POST"'),
    ("{end: {reason: hangup}}", 'end reason "hangup"'),
])
def test_field_mismatches_fail(acme: Project, expectation: str, shown: str) -> None:
    passed, message = run_acme(acme, steps('input: {dtmf: "1"}', 'input: {dtmf: "12345#"}',
                                           f"expect: {expectation}"))
    assert not passed
    assert f"expected: {shown}" in message


def test_error_expectation_matches_type_and_message(acme: Project) -> None:
    body = """    given:
      http:
        - match: {url: "*"}
          respond: {status: 500}
""" + steps('input: {dtmf: "1"}', 'input: {dtmf: "5#"}',
            "expect: {error: {type: Http*, message: '*HTTP 500', block: lookup, handled: true}}",
            'expect: {say: "Sorry*"}')
    passed, message = run_acme(acme, body)
    assert passed, message


def test_unexpected_outputs_are_skipped_unless_strict(acme: Project) -> None:
    passed, message = run_acme(acme, steps('expect: {menu: {options: ["1", "2"]}}'))
    assert passed, message
    strict = "    strict: true\n" + steps('expect: {menu: {options: ["1", "2"]}}')
    passed, message = run_acme(acme, strict)
    assert not passed
    assert "the next output does not match (this case is strict)" in message
    assert "actual:   say \"Welcome to Acme [gold].\"   <- block 'welcome'" in message


def test_strict_case_expecting_everything_passes(acme: Project) -> None:
    body = "    strict: true\n" + steps(
        'expect: {say: "Welcome*"}', 'expect: {prompt: "Press 1*"}',
        'expect: {menu: {options: ["1", "2"]}}', 'input: {dtmf: "2"}',
        "expect: {route: {value: sales}}", "expect: {end: true}")
    passed, message = run_acme(acme, body)
    assert passed, message


def test_strict_case_refuses_outputs_left_before_an_input(acme: Project) -> None:
    body = "    strict: true\n" + steps('expect: {say: "Welcome*"}', 'input: {dtmf: "2"}')
    passed, message = run_acme(acme, body)
    assert not passed
    assert "before step 2 the flow produced outputs the case does not expect" in message
    assert 'prompt "Press 1 for order status, 2 for sales."' in message


def test_strict_case_refuses_outputs_after_the_last_step(acme: Project) -> None:
    body = "    strict: true\n" + steps(
        'expect: {say: "Welcome*"}', 'expect: {prompt: "Press 1*"}',
        'expect: {menu: {options: ["1", "2"]}}', 'input: {dtmf: "2"}',
        "expect: {route: {value: sales}}")
    passed, message = run_acme(acme, body)
    assert not passed
    assert "after the last step the flow produced outputs" in message
    assert "end (reason: routed)" in message


def test_outputs_before_an_input_cannot_satisfy_later_expects(acme: Project) -> None:
    passed, message = run_acme(acme, steps('input: {dtmf: "1"}', 'expect: {say: "Welcome*"}'))
    assert not passed
    assert "Outputs since the previous step:\n  1. prompt \"Please enter your order number.\"" \
        in message


def test_an_expect_consumes_the_output_it_matched(acme: Project) -> None:
    passed, message = run_acme(acme, steps('expect: {say: "Welcome*"}',
                                           'expect: {say: "Welcome*"}'))
    assert not passed
    assert "Step 2 of 2 (expect say)" in message


def test_failure_shows_expected_actual_block_outputs_and_state(acme: Project) -> None:
    passed, message = run_acme(acme, steps('expect: {say: "Welcome to Acme [silver]."}'))
    assert not passed
    assert message == "\n".join([
        "Step 1 of 1 (expect say): no output since the previous step matches.",
        '  expected: say "Welcome to Acme [silver]."',
        "  actual:   say \"Welcome to Acme [gold].\"   <- block 'welcome'",
        "Outputs since the previous step:",
        "  1. say \"Welcome to Acme [gold].\"   (block 'welcome')",
        "  2. prompt \"Press 1 for order status, 2 for sales.\"   (block 'main_menu')",
        "  3. menu options 1, 2   (block 'main_menu')",
        "The session is waiting for caller input at block 'main_menu'.",
    ])


def test_nearest_candidate_is_the_most_similar_of_the_kind(project: Project) -> None:
    project.flow(flow_document("talk", {
        "one": say("Your balance is 10 dollars.", "two"),
        "two": say("Your card is blocked.", "three"),
        "three": say("Goodbye."),
    }))
    case = only_case(project.run("""
        flow: flows/talk.json
        channel: voice
        cases:
          - name: nearest
            steps:
              - expect: {say: "Your card is active."}
    """))
    assert not case.passed
    assert "actual:   say \"Your card is blocked.\"   <- block 'two'" in case.message
    assert "The session has ended (reason: completed)." in case.message


def test_no_output_at_all(project: Project) -> None:
    project.flow(flow_document("quiet", {
        "mark": {"type": "milestone", "props": {"name": "reached"}},
    }))
    case = only_case(project.run("""
        flow: flows/quiet.json
        channel: chat
        cases:
          - name: nothing
            steps:
              - expect: {end: true}
              - expect: {say: "Hello"}
    """))
    assert not case.passed
    assert "actual:   nothing; the flow produced no output since the previous step" in case.message
    assert "Outputs since the previous step: none." in case.message


def test_http_body_matches_as_glob_or_json_subset(project: Project) -> None:
    project.flow(flow_document("poster", {
        "post": {"type": "http", "props": {
            "method": "POST", "url": "https://api.example.com/tickets",
            "headers": {"Content-Type": "application/json"},
            "body": '{"caller": "{{ system.ANI }}", "items": [1, 2], "meta": {"a": 1, "b": 2}}'},
            "next": {"next": "done"}},
        "done": say("Ticket filed."),
    }))
    text = """
        flow: flows/poster.json
        channel: voice
        given:
          system: {ANI: "+1555"}
          http:
            - match: {method: POST, url: "*/tickets", body: {meta: {b: 2}},
                      headers: {content-type: "application/*"}}
              respond: {status: 201}
        cases:
          - name: body
            steps:
              - expect: {http: {body: {caller: "+1555", items: [1, 2]}}}
              - expect: {say: "Ticket filed."}
          - name: body glob
            steps:
              - expect: {http: {body: '*"caller": "+1555"*'}}
          - name: body differs
            steps:
              - expect: {http: {body: {items: [1]}}}
    """
    result = project.run(text)
    assert [case.passed for case in result.cases] == [True, True, False], \
        [case.message for case in result.cases]
