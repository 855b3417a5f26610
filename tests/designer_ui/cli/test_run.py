"""The console simulator (`designer run`), driven through its prompts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from designer_ui.cli import main
from tests.interpreter.engine.harness import flow_document

FLOW = flow_document(
    {
        "menu": {"type": "menu", "props": {"prompts": [{"tts": "Press 1 for orders"}],
                                           "options": [{"key": "1", "label": "Orders"}]},
                 "next": {"1": "lookup", "noinput": "bye"}},
        "lookup": {"type": "http", "props": {"url": "https://shop.example/orders",
                                             "result_variable": "order"},
                   "next": {"next": "tell"}},
        "tell": {"type": "play_message", "props": {"prompts": [{"tts": "Status {{ order.status }}"}]},
                 "next": {"next": "agent"}},
        "bye": {"type": "terminate", "props": {}},
        "agent": {"type": "route", "props": {"target": {"value": "sales"}}},
    },
    phases={"self_service": "menu", "assisted_service": "agent"},
    variables={"order": {"type": "any"}},
)


def test_run_plays_the_flow_at_the_console(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(FLOW))
    answers = "\n".join(["1", '200 {"status": "shipped"}', "success"]) + "\n"
    result = CliRunner().invoke(main, ["run", str(path), "--channel", "voice"], input=answers)
    assert result.exit_code == 0, result.output
    assert "[menu] collect: Press 1 for orders [1=Orders]" in result.output
    assert "[tell] say: Status shipped" in result.output
    assert "[agent] route:" in result.output
    assert "session ended: routed" in result.output


def test_run_noinput_and_hangup(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(FLOW))
    result = CliRunner().invoke(main, ["run", str(path), "--channel", "chat"],
                                input="!noinput\n!noinput\n!noinput\n")
    assert result.exit_code == 0, result.output
    assert "re-prompt after noinput" in result.output
    assert "session ended: terminate" in result.output


def test_run_refuses_invalid_flow(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text("{}")
    result = CliRunner().invoke(main, ["run", str(path)])
    assert result.exit_code == 1
    assert "not a flow document" in result.output


# -- --given: the world of a flow test ---------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
BANK_FLOW = str(EXAMPLES / "flows" / "bank-ivr.json")
BANK_TESTS = str(EXAMPLES / "tests" / "bank-ivr.flowtest.yaml")


def run_flow(*args: str, answers: str = "") -> str:
    result = CliRunner().invoke(main, ["run", *args], input=answers)
    assert result.exit_code == 0, result.output
    return result.output


def test_given_puts_the_bank_tour_at_its_main_menu() -> None:
    output = run_flow(BANK_FLOW, "--channel", "voice", "--given", BANK_TESTS, answers="!quit\n")
    assert f"World from {BANK_TESTS}: clock 2026-11-24T10:00:00-05:00" in output
    assert "[welcome] say: Thank you for calling Acme Bank." in output
    assert "[main_menu] collect: For your account balance, press 1" in output
    assert "error" not in output.split("[main_menu]")[0]
    assert "(answered from --given: status 201)" in output
    assert "session ended: hangup" in output


def test_given_mocks_answer_web_services_by_themselves() -> None:
    output = run_flow(BANK_FLOW, "--given", BANK_TESTS, answers="1\n4321#\n9\n")
    assert "[greet_customer] say: Thank you, Dana." in output
    assert "is $2,417.50" in output
    assert "HTTP " not in output
    assert "session ended: self_service" in output


def test_a_case_given_is_merged_on_top_of_the_files() -> None:
    output = run_flow(BANK_FLOW, "--given", BANK_TESTS, "--case",
                      "outage declared in Business Controls")
    assert "(case 'outage declared in Business Controls')" in output
    assert "[say_outage] say: Thank you for calling Acme Bank. We are experiencing" in output
    assert "session ended: emergency" in output
    output = run_flow(BANK_FLOW, "--given", BANK_TESTS, "--case",
                      "after hours, the caller leaves a voicemail", answers="2\n")
    assert "clock 2026-11-24T21:30:00-05:00" in output
    assert "[say_closed] say:" in output


def test_requests_no_mock_answers_are_asked_at_the_console(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(FLOW))
    given = tmp_path / "world.flowtest.yaml"
    given.write_text("""
flow: flow.json
given:
  http:
    - match: {url: "https://elsewhere.example/*"}
      respond: {json: {status: never}}
cases: [{name: one}]
""")
    output = run_flow(str(path), "--channel", "voice", "--given", str(given),
                      answers='1\n200 {"status": "late"}\nsuccess\n')
    assert "(nothing in --given answers this; answer it here)" in output
    assert "HTTP GET https://shop.example/orders" in output
    assert "[tell] say: Status late" in output
    given.write_text(given.read_text().replace("elsewhere.example/*", "shop.example/orders"))
    output = run_flow(str(path), "--channel", "voice", "--given", str(given),
                      answers="1\nsuccess\n")
    assert "HTTP GET" not in output
    assert "[tell] say: Status never" in output


BOT_FLOW = flow_document(
    {
        "pizza": {"type": "bot", "props": {"bot": "pizza", "intents": ["OrderPizza"]},
                  "next": {"OrderPizza": "done", "fallback": "lost"}},
        "done": {"type": "play_message",
                 "props": {"prompts": [{"tts": "Size {{ system.BotResult.slots.size }}"}]}},
        "lost": {"type": "play_message", "props": {"prompts": [{"tts": "Lost."}]}},
    },
)


def test_bot_scripts_answer_and_then_the_console_does(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(BOT_FLOW))
    given = tmp_path / "bot.flowtest.yaml"
    given.write_text("""
flow: flow.json
given:
  bots:
    pizza:
      - {state: in_progress, messages: ["What size?"]}
cases: [{name: one}]
""")
    output = run_flow(str(path), "--channel", "chat", "--given", str(given),
                      answers='large\nOrderPizza {"size": "large"}\n')
    assert "(answered from --given: in_progress)" in output
    assert "[pizza] say: What size?" in output
    assert "bot 'pizza' heard 'large'" in output
    assert "[done] say: Size large" in output


def test_system_values_come_from_given_unless_the_command_line_says(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow_document({"hi": {"type": "play_message", "props": {
        "prompts": [{"tts": "From {{ system.ANI }} to {{ system.DNIS }} at "
                            "{{ system.StartTime }}"}]}}})))
    given = tmp_path / "caller.flowtest.yaml"
    given.write_text('flow: flow.json\ngiven: {now: "2026-03-02T09:30:00Z", system: {ANI: '
                     '"+15550001111"}}\ncases: [{name: one}]\n')
    output = run_flow(str(path), "--given", str(given))
    assert "From +15550001111 to +18005550100 at 2026-03-02T09:30:00+00:00" in output
    output = run_flow(str(path), "--given", str(given), "--ani", "+15559999999")
    assert "From +15559999999 to +18005550100" in output


def test_unknown_case_and_unusable_files_are_reported(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", BANK_FLOW, "--given", BANK_TESTS,
                                       "--case", "no such case"])
    assert result.exit_code == 1
    assert "there is no case named 'no such case' (its cases: 'verified caller hears" \
        in result.output
    broken = tmp_path / "broken.flowtest.yaml"
    broken.write_text("flow: x.json\ngiven: {nwo: 1}\ncases: [{name: one}]\n")
    result = CliRunner().invoke(main, ["run", BANK_FLOW, "--given", str(broken)])
    assert result.exit_code == 1
    assert f"--given {broken} cannot be used:" in result.output
    assert "given: unknown key 'nwo'" in result.output
    result = CliRunner().invoke(main, ["run", BANK_FLOW, "--case", "x"])
    assert result.exit_code == 2
    assert "give --given too" in result.output


def test_a_missing_business_control_is_explained(tmp_path: Path) -> None:
    output = run_flow(BANK_FLOW, "--channel", "voice", answers="\n")
    assert "there is no data table named 'vip-callers'" in output
    assert "--given FILE takes them from a flow test" in output
    given = tmp_path / "empty.flowtest.yaml"
    given.write_text("flow: x.json\ngiven: {business: {tables: {other: []}}}\ncases: [{name: one}]\n")
    output = run_flow(BANK_FLOW, "--channel", "voice", "--given", str(given), answers="\n")
    assert "there is no data table named 'vip-callers'" in output
    assert "(the --given file's `business` section does not declare it)" in output
