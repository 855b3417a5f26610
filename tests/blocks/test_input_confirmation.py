"""Spoken answers to an `input` block: language-aware grammars and low-confidence confirmation."""

from __future__ import annotations

from typing import Any

import pytest

from blocks.input_confirmation import confirmation_question
from interpreter.engine.effects import Collect
from interpreter.engine.events import Input
from tests.interpreter.engine.harness import Driver, flow_document


def input_flow(grammar: str = "digits", language: str = "en-US", **props: Any) -> dict[str, Any]:
    return flow_document({
        "ask": {"type": "input", "props": {
            "prompts": [{"tts": "Your number?"}], "variable": "answer", "grammar": grammar,
            "retries": 1, **props},
            "next": {"next": "done", "nomatch": "confused", "noinput": "silent"}},
        "done": {"type": "milestone", "props": {"name": "done"}},
        "confused": {"type": "milestone", "props": {"name": "confused"}},
        "silent": {"type": "milestone", "props": {"name": "silent"}},
    }, languages=[language])


def collects(driver: Driver) -> list[Collect]:
    return [effect for effect in driver.effects if isinstance(effect, Collect)]


def test_input_collect_listens_for_speech_for_built_in_grammars() -> None:
    driver = Driver(input_flow(), "voice")
    driver.start()
    assert collects(driver)[0].speech
    regex = Driver(input_flow(grammar={"regex": "[0-9]+"}), "voice")  # type: ignore[arg-type]
    regex.start()
    assert not collects(regex)[0].speech
    quiet = Driver(input_flow(speech=False), "voice")
    quiet.start()
    assert not collects(quiet)[0].speech


@pytest.mark.parametrize("grammar, language, said, value", [
    ("digits", "en-US", "four eight two one", "4821"),
    ("number", "en-US", "two hundred and twelve", 212),
    ("boolean", "es-US", "sí", True),
    ("boolean", "fr-FR", "oui", True),
    ("boolean", "de-DE", "nein", False),
    ("boolean", "pt-BR", "sim", True),
    ("date", "en-US", "the third of May", "2027-05-03"),
    ("date", "es-US", "el próximo viernes", "2026-11-27"),
    ("currency", "es-US", "doce euros con cincuenta", {"amount": 12.5, "currency": "EUR"}),
])
def test_spoken_answers_follow_the_session_language(grammar: str, language: str, said: str,
                                                    value: Any) -> None:
    driver = Driver(input_flow(grammar, language), "voice")
    driver.start()
    driver.send(Input("text", said, 0.9))
    assert driver.path[-1] == "done"
    assert driver.variable("answer") == value


def test_confident_speech_is_kept_without_asking() -> None:
    driver = Driver(input_flow(confidence_threshold=0.6), "voice")
    driver.start()
    driver.send(Input("text", "four eight two one", 0.8))
    assert driver.path[-1] == "done" and driver.variable("answer") == "4821"


@pytest.mark.parametrize("yes", [Input("text", "yes", 0.9), Input("dtmf", "1")])
def test_doubtful_speech_is_confirmed_before_it_is_kept(yes: Input) -> None:
    driver = Driver(input_flow(confidence_threshold=0.6), "voice")
    driver.start()
    driver.send(Input("text", "four eight two one", 0.3))
    question = collects(driver)[-1]
    assert question.text == "Did you say 4 8 2 1?"
    assert question.grammar == "boolean" and question.reprompt == "confirm"
    assert driver.variable("answer") is None
    driver.send(yes)
    assert driver.path[-1] == "done" and driver.variable("answer") == "4821"


def test_a_no_to_the_confirmation_asks_again_and_counts_as_nomatch() -> None:
    driver = Driver(input_flow(confidence_threshold=0.6), "voice")
    driver.start()
    driver.send(Input("text", "four eight two one", 0.3))
    driver.send(Input("text", "no", 0.9))
    assert collects(driver)[-1].reprompt == "nomatch"
    assert driver.variable("answer") is None
    driver.send(Input("text", "four eight two two", 0.3))
    driver.send(Input("dtmf", "2"))
    assert driver.path[-1] == "confused"


def test_low_confidence_nomatch_skips_the_question() -> None:
    driver = Driver(input_flow(confidence_threshold=0.6, low_confidence="nomatch"), "voice")
    driver.start()
    driver.send(Input("text", "four eight two one", 0.3))
    assert collects(driver)[-1].reprompt == "nomatch"
    assert driver.variable("answer") is None


def test_the_confirmation_survives_a_saved_session() -> None:
    driver = Driver(input_flow("date", "es-US", confidence_threshold=0.9), "voice")
    driver.start()
    driver.send(Input("text", "el tres de mayo", 0.5))
    assert collects(driver)[-1].text == "¿Dijo 3 de mayo de 2027?"
    driver.send(Input("text", "sí", 0.95))  # the state went through JSON between the steps
    assert driver.variable("answer") == "2027-05-03"


@pytest.mark.parametrize("value, grammar, language, question", [
    ("4821", "digits", "en-US", "Did you say 4 8 2 1?"),
    ({"amount": 12.5, "currency": "EUR"}, "currency", "es-ES", "¿Dijo 12,50 euros?"),
    ("2026-05-03", "date", "fr-FR", "Vous avez dit 3 mai 2026 ?"),
    ("14:30", "time", "de-DE", "Haben Sie 14:30 gesagt?"),
    (212, "number", "pt-BR", "Você disse 212?"),
])
def test_the_question_reads_the_value_in_the_language(value: Any, grammar: str, language: str,
                                                       question: str) -> None:
    assert confirmation_question(value, grammar, language) == question
