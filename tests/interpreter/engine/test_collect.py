"""Menus and inputs: matching on both channels and VoiceXML-style retry counting."""

from __future__ import annotations

import pytest

from interpreter.engine.effects import Collect
from interpreter.engine.events import Input, Timeout
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

MENU = flow_document(
    {
        "main": {"type": "menu", "props": {
            "prompts": [{"tts": "Sales or support?"}],
            "options": [{"key": "1", "label": "Sales", "utterances": ["buy something"]},
                        {"key": "2", "label": "Support"}],
            "retries": 2,
            "noinput_prompts": [{"tts": "I did not hear you."}],
            "nomatch_prompts": [{"tts": "I did not get that."}]},
            "next": {"1": "sales", "2": "support", "noinput": "silent", "nomatch": "confused"}},
        "sales": {"type": "milestone", "props": {"name": "sales"}},
        "support": {"type": "milestone", "props": {"name": "support"}},
        "silent": {"type": "milestone", "props": {"name": "silent"}},
        "confused": {"type": "milestone", "props": {"name": "confused"}},
    })


def collects(driver: Driver) -> list[Collect]:
    return [e for e in driver.effects if isinstance(e, Collect)]


@pytest.mark.parametrize("reply, port", [
    (Input("dtmf", "1"), "sales"), (Input("dtmf", "2#"), "support"),
    (Input("text", "sales"), "sales"), (Input("text", "  SUPPORT. "), "support"),
    (Input("text", "2"), "support"), (Input("text", "Buy something!"), "sales"),
])
def test_menu_matches_keys_labels_and_utterances(reply: Input, port: str) -> None:
    driver = Driver(MENU, "voice" if reply.type == "dtmf" else "chat")
    driver.start()
    driver.send(reply)
    assert driver.path[-1] == port


def test_menu_effect_carries_options_for_buttons() -> None:
    driver = Driver(MENU, "chat")
    driver.start()
    collect = collects(driver)[0]
    assert [(o.key, o.label) for o in collect.options] == [("1", "Sales"), ("2", "Support")]
    assert collect.mode == "menu" and collect.attempt == 1 and collect.speech


@pytest.mark.parametrize("channel", CHANNELS)
def test_retries_count_noinput_and_nomatch_separately(channel: str) -> None:
    driver = Driver(MENU, channel)
    driver.start()
    bad = Input("dtmf", "9") if channel == "voice" else Input("text", "pizza")
    for event in (Input("noinput"), bad, Timeout(), bad):
        driver.send(event)
        assert not driver.ended
    texts = [c.text for c in collects(driver)]
    assert texts == ["Sales or support?", "I did not hear you.", "I did not get that.",
                     "I did not hear you.", "I did not get that."]
    assert [c.reprompt for c in collects(driver)] == [None, "noinput", "nomatch", "noinput",
                                                       "nomatch"]
    driver.send(bad)
    assert driver.path[-1] == "confused"
    outcomes = [e.data["outcome"] for e in driver.events if e.kind == "input_outcome"]
    assert outcomes == ["noinput", "nomatch", "noinput", "nomatch", "nomatch"]


def test_retries_zero_takes_port_on_first_silence() -> None:
    document = flow_document({"m": {"type": "menu", "props": {
        "prompts": [{"tts": "?"}], "options": [{"key": "1"}], "retries": 0},
        "next": {"noinput": "n"}}, "n": {"type": "milestone", "props": {"name": "n"}}})
    driver = Driver(document, "voice")
    driver.start()
    driver.send(Input("noinput"))
    assert driver.path == ["m", "n"]


INPUT = flow_document(
    {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Account number?"}],
                                           "variable": "account", "grammar": "digits",
                                           "min_length": 4, "max_length": 8, "retries": 1},
                "next": {"next": "thanks", "nomatch": "bad"}},
        "thanks": {"type": "play_message", "props": {"prompts": [
            {"tts": "Got "}, {"value": "account", "as": "digits"}]}},
        "bad": {"type": "milestone", "props": {"name": "bad"}},
    },
    variables={"account": {"type": "string", "default": None, "secure": True}})


def test_input_strips_terminator_and_stores_value() -> None:
    driver = Driver(INPUT, "voice")
    step = driver.start()
    collect = step.effects[0]
    assert isinstance(collect, Collect) and collect.secure and collect.terminator == "#"
    driver.send(Input("dtmf", "12345#"))
    assert driver.variable("account") == "12345"
    assert driver.said()[-1] == "Got 1 2 3 4 5"


def test_input_on_chat_uses_text_grammar() -> None:
    driver = Driver(INPUT, "chat")
    driver.start()
    driver.send(Input("text", "12"))
    assert not driver.ended
    driver.send(Input("text", "98765"))
    assert driver.variable("account") == "98765"


def test_input_too_short_twice_takes_nomatch() -> None:
    driver = Driver(INPUT, "voice")
    driver.start()
    driver.send(Input("dtmf", "12#"))
    driver.send(Input("dtmf", "1#"))
    assert driver.path == ["ask", "bad"]
