"""`input` and `menu` blocks with SRGS grammars: inline and named, voice and chat, validation."""

from __future__ import annotations

from typing import Any

import pytest

from interpreter.engine.effects import Collect
from interpreter.engine.events import Input
from interpreter.host import StaticHost
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from interpreter.validation import validate_flow
from tests.interpreter.engine.harness import FIXED_NOW, Driver, flow_document, shared_registry

TRIP = """#ABNF 1.0;
root $trip;
public $trip = from $city {out.from = rules.city} to $city {out.to = rules.latest()};
$city = boston {out = "BOS"} | new york {out = "NYC"};
"""
PIN = ('<grammar xmlns="http://www.w3.org/2001/06/grammar" mode="dtmf" root="pin">'
       '<rule id="pin"><item repeat="3"><one-of><item>1</item><item>2</item><item>3</item>'
       '</one-of></item><tag>out = meta.current().text</tag></rule></grammar>')
DEPARTMENTS = """#ABNF 1.0;
root $department;
$department = (sales | buy something) {out = "1"} | (support | help) {out = "2"};
"""


def input_flow(grammar: Any) -> dict[str, Any]:
    return flow_document({
        "ask": {"type": "input", "props": {
            "prompts": [{"tts": "Where to?"}], "variable": "trip", "grammar": grammar,
            "retries": 1}, "next": {"next": "done", "nomatch": "confused", "noinput": "silent"}},
        "done": {"type": "milestone", "props": {"name": "done"}},
        "confused": {"type": "milestone", "props": {"name": "confused"}},
        "silent": {"type": "milestone", "props": {"name": "silent"}},
    })


def menu_flow(grammar: Any) -> dict[str, Any]:
    return flow_document({
        "menu": {"type": "menu", "props": {
            "prompts": [{"tts": "Sales or support?"}], "grammar": grammar, "retries": 1,
            "options": [{"key": "1", "label": "Sales"}, {"key": "2", "label": "Support"}]},
            "next": {"1": "sales", "2": "support", "nomatch": "confused", "noinput": "silent"}},
        "sales": {"type": "milestone", "props": {"name": "sales"}},
        "support": {"type": "milestone", "props": {"name": "support"}},
        "confused": {"type": "milestone", "props": {"name": "confused"}},
        "silent": {"type": "milestone", "props": {"name": "silent"}},
    })


def collect_of(driver: Driver) -> Collect:
    return [effect for effect in driver.effects if isinstance(effect, Collect)][-1]


@pytest.mark.parametrize("channel", ["voice", "chat"])
def test_an_inline_grammar_answer_reaches_the_variable(channel: str) -> None:
    driver = Driver(input_flow({"srgs_inline": TRIP}), channel)
    driver.start()
    driver.send(Input("text", "From Boston to New York"))
    assert driver.path[-1] == "done"
    assert driver.variable("trip") == {"from": "BOS", "to": "NYC"}


def test_the_collect_hands_the_recogniser_the_grammar_text() -> None:
    driver = Driver(input_flow({"srgs_inline": TRIP}), "voice")
    driver.start()
    collect = collect_of(driver)
    assert collect.speech
    assert collect.grammar == {"srgs": "", "source": TRIP, "mode": "voice"}


def test_a_named_grammar_is_read_in_the_session_language() -> None:
    spanish = TRIP.replace("boston", "bostón")
    host = StaticHost(clock=FIXED_NOW, seed="t", grammars={"trip": {"en": TRIP, "es": spanish}})
    driver = Driver(input_flow({"srgs": "trip"}), "chat", host=host)
    driver.start()
    driver.send(Input("text", "from boston to boston"))
    assert driver.variable("trip") == {"from": "BOS", "to": "BOS"}


def test_a_missing_named_grammar_is_a_runtime_error() -> None:
    driver = Driver(input_flow({"srgs": "nowhere"}), "chat")
    driver.start()
    assert driver.ended
    assert "nowhere" in str(driver.state.get("error") or driver.effects)


def test_dtmf_grammar_takes_keys_and_does_not_listen() -> None:
    driver = Driver(input_flow({"srgs_inline": PIN}), "voice")
    driver.start()
    assert not collect_of(driver).speech
    driver.send(Input("dtmf", "312#"))
    assert driver.variable("trip") == "3 1 2"


def test_an_answer_outside_the_grammar_is_a_nomatch() -> None:
    driver = Driver(input_flow({"srgs_inline": TRIP}), "chat")
    driver.start()
    driver.send(Input("text", "to paris"))
    driver.send(Input("text", "from paris"))
    assert driver.path[-1] == "confused"


@pytest.mark.parametrize("said, port", [("buy something", "sales"), ("help", "support"),
                                        ("Support", "support")])
def test_a_menu_grammar_answer_names_the_option(said: str, port: str) -> None:
    driver = Driver(menu_flow({"srgs_inline": DEPARTMENTS}), "voice")
    driver.start()
    assert collect_of(driver).speech
    driver.send(Input("text", said))
    assert driver.path[-1] == port


def test_a_menu_without_a_grammar_is_unchanged() -> None:
    driver = Driver(menu_flow(None), "chat")
    driver.start()
    assert collect_of(driver).grammar is None
    driver.send(Input("text", "sales"))
    assert driver.path[-1] == "sales"


def test_an_inline_grammar_that_does_not_compile_is_a_validation_error_with_its_line() -> None:
    broken = "#ABNF 1.0;\nroot $a;\n$a = yes\n  $nothing;\n"
    problems = validate_flow(load_flow(input_flow({"srgs_inline": broken})), shared_registry())
    grammar_problems = [p for p in problems if p.code == "grammar_syntax"]
    assert len(grammar_problems) == 1
    assert grammar_problems[0].block_id == "ask" and grammar_problems[0].path == "grammar"
    assert grammar_problems[0].line == 4
    with pytest.raises(FlowFormatError):
        Driver(menu_flow({"srgs_inline": broken}), "chat")


@pytest.mark.parametrize("grammar", [{"srgs": ""}, {"srgs": "a/b"}, {"srgs_inline": "  "},
                                     {"srgs": "x", "srgs_inline": TRIP}])
def test_malformed_grammar_props_are_refused(grammar: Any) -> None:
    with pytest.raises(FlowFormatError):
        Driver(input_flow(grammar), "chat")
