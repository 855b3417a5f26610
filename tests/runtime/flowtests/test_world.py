"""HTTP mocks and bot scripts: how requests and bot turns are answered, and when a case fails."""

from __future__ import annotations

from typing import Any

from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say


def http_flow(project: Project, **props: Any) -> None:
    project.flow(flow_document("caller", {
        "call": {"type": "http", "props": {"url": "https://api.example.com/v1/items",
                                           "result_variable": "result",
                                           "status_variable": "status", **props},
                 "next": {"next": "ok", "error": "failed"}},
        "ok": say("Got {{ JSON.stringify(result) }} with {{ status }}."),
        "failed": say("Failed: {{ system.LastError.message }}"),
    }, variables={"result": {"type": "any", "default": None},
                  "status": {"type": "number", "default": 0}}))


def run_http(project: Project, mocks: str, *expects: str) -> tuple[bool, str]:
    steps = "".join(f"      - expect: {expect}\n" for expect in expects)
    case = only_case(project.run(f"""
flow: flows/caller.json
channel: chat
given:
  http:
{mocks}
cases:
  - name: the case
    steps:
{steps}"""))
    return case.passed, case.message


def test_json_response_lands_in_the_result_variable(project: Project) -> None:
    http_flow(project)
    passed, message = run_http(project, """
    - match: {method: GET, url: "https://api.example.com/*"}
      respond: {status: 200, json: {count: 2}}""", '{say: "Got {\\"count\\":2} with 200."}')
    assert passed, message


def test_first_matching_mock_wins_and_times_limits_it(project: Project) -> None:
    project.flow(flow_document("twice", {
        "one": {"type": "http", "props": {"url": "https://api.example.com/a",
                                          "result_variable": "first"}, "next": {"next": "two"}},
        "two": {"type": "http", "props": {"url": "https://api.example.com/a",
                                          "result_variable": "second"},
                "next": {"next": "show"}},
        "show": say("{{ first }} then {{ second }}"),
    }, variables={"first": {"default": None}, "second": {"default": None}}))
    case = only_case(project.run("""
flow: flows/twice.json
channel: voice
given:
  http:
    - match: {url: "*/a"}
      respond: {text: "once"}
      times: 1
    - match: {url: "*/a"}
      respond: {text: "always"}
    - match: {url: "*"}
      respond: {text: "never reached"}
cases:
  - name: order
    steps:
      - expect: {say: "once then always"}
"""))
    assert case.passed, case.message


def test_unmatched_request_fails_and_shows_the_request(project: Project) -> None:
    http_flow(project, method="POST", body='{"q": 1}')
    passed, message = run_http(project, """
    - match: {method: GET, url: "https://api.example.com/*"}
      respond: {json: {}}
    - match: {url: "https://other.example.com/*"}
      respond: {json: {}}
      times: 1""", '{say: "*"}')
    assert not passed
    assert message == "\n".join([
        "When the session starts: The flow made an HTTP request that no mock in `given.http` "
        "answers (block 'call'); flow tests never use the network.",
        '  request: http POST https://api.example.com/v1/items body {"q": 1}',
        "  mocks:",
        "    1. GET https://api.example.com/*",
        "    2. any method https://other.example.com/*",
    ])


def test_no_mocks_at_all(project: Project) -> None:
    http_flow(project)
    case = only_case(project.run("""
flow: flows/caller.json
channel: voice
cases: [{name: offline}]
"""))
    assert not case.passed
    assert "There are no mocks: add one under `given: http:`." in case.message


def test_error_status_and_network_error_take_the_error_port(project: Project) -> None:
    http_flow(project)
    passed, message = run_http(project, """
    - match: {url: "*"}
      respond: {status: 404, json: {error: missing}}""",
        '{error: {type: HttpError, message: "*HTTP 404"}}',
        '{say: "Failed: the web service answered HTTP 404"}')
    assert passed, message
    passed, message = run_http(project, """
    - match: {url: "*"}
      respond: {error: "connection refused"}""", '{say: "Failed: connection refused"}')
    assert passed, message


def test_delay_beyond_the_timeout_is_a_timeout(project: Project) -> None:
    http_flow(project, timeout_ms=1000)
    passed, message = run_http(project, """
    - match: {url: "*"}
      respond: {json: {}, delay_ms: 1500}""", '{say: "Failed: *did not answer in time"}')
    assert passed, message
    passed, message = run_http(project, """
    - match: {url: "*"}
      respond: {json: {late: true}, delay_ms: 900}""", '{say: "Got {\\"late\\":true} with 200."}')
    assert passed, message


def test_delay_advances_the_fixed_clock(project: Project) -> None:
    project.flow(flow_document("clock", {
        "before": {"type": "assign", "props": {"assignments": [
            {"variable": "start", "expression": "Time.now()"}]}, "next": {"next": "call"}},
        "call": {"type": "http", "props": {"url": "https://api.example.com/slow"},
                 "next": {"next": "after"}},
        "after": {"type": "assign", "props": {"assignments": [
            {"variable": "waited", "expression": "Time.now() - start"}]}},
    }, variables={"start": {"default": 0}, "waited": {"default": 0}}))
    case = only_case(project.run("""
flow: flows/clock.json
channel: voice
given:
  http: [{match: {url: "*"}, respond: {text: ok, delay_ms: 250}}]
cases:
  - name: waited
    assert: {variables: {waited: 250}}
"""))
    assert case.passed, case.message


def test_bot_script_is_consumed_turn_by_turn(acme: Project) -> None:
    case = only_case(acme.run("""
flow: flows/pizza-bot.json
channel: voice
given:
  bots:
    pizza:
      - {state: in_progress, messages: "What size?"}
      - {state: in_progress, messages: ["And the crust?"]}
      - {intent: OrderPizza, slots: {size: small, count: 2}, confidence: 0.9}
cases:
  - name: three turns
    steps:
      - expect: {bot: {text: null}}
      - expect: {say: "What size?"}
      - input: {text: small}
      - expect: {bot: {bot: pizza, text: small}}
      - expect: {say: "And the crust?"}
      - input: {dtmf: "1"}
      - expect: {bot: {text: "1"}}
      - expect: {say: "A small pizza is on its way."}
    assert:
      variables:
        order: {intent: OrderPizza, slots: {size: small, count: 2}, confidence: 0.9,
                messages: [], raw: {}}
"""))
    assert case.passed, case.message


def test_bot_with_no_script_left_fails(acme: Project) -> None:
    case = only_case(acme.run("""
flow: flows/pizza-bot.json
channel: chat
given:
  bots:
    pizza: [{state: in_progress, messages: ["What size?"]}]
cases:
  - name: too short
    steps:
      - input: {text: large}
"""))
    assert not case.passed
    assert case.message == (
        "Step 1 of 1 (input text 'large'): Bot 'pizza' (block 'take_order') was asked for turn "
        "2 (the caller's 'large'), but its script in `given.bots` has only 1 reply.")


def test_unscripted_bot_fails(acme: Project) -> None:
    case = only_case(acme.run("""
flow: flows/pizza-bot.json
channel: chat
given: {bots: {weather: []}}
cases: [{name: no script}]
"""))
    assert not case.passed
    assert ("Block 'take_order' talks to bot 'pizza', which has no script under `given: bots:` "
            "(scripted bots: weather).") in case.message


def test_bot_error_is_raised_in_the_bot_block(acme: Project) -> None:
    case = only_case(acme.run("""
flow: flows/pizza-bot.json
channel: chat
given: {bots: {pizza: [{error: "the bot service is down"}]}}
cases:
  - name: bot down
    steps:
      - expect: {error: {type: BotError, message: "the bot service is down", handled: false}}
      - expect: {end: {reason: error}}
"""))
    assert case.passed, case.message
