"""The native engine on a realistic bank assistant, measured on utterances it never saw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from runtime.bots.native import IntentClassifier, NativeBot, read_native_bot

SAMPLE = Path(__file__).parents[3] / "runtime/bots/native/samples/bank.yaml"
HELD_OUT = Path(__file__).parent / "data/bank_heldout.yaml"


@pytest.fixture(scope="module")
def bank() -> NativeBot:
    return read_native_bot(SAMPLE)


@pytest.fixture(scope="module")
def classifier(bank: NativeBot) -> IntentClassifier:
    return IntentClassifier.train(bank)


@pytest.fixture(scope="module")
def held_out() -> dict[str, Any]:
    with HELD_OUT.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
    return data


def test_the_sample_is_big_enough_and_held_out_is_unseen(bank: NativeBot,
                                                         held_out: dict[str, Any]) -> None:
    assert len(bank.intents) >= 10
    assert all(len(intent.examples) >= 10 for intent in bank.intents)
    assert set(held_out["in_scope"]) == {intent.name for intent in bank.intents}
    seen = {example.lower() for intent in bank.intents for example in intent.examples}
    seen |= {example.lower() for example in bank.out_of_scope}
    unseen = [u for group in held_out["in_scope"].values() for u in group] + \
        held_out["out_of_scope"]
    assert not seen & {u.lower() for u in unseen}


def test_held_out_accuracy_is_at_least_90_percent(bank: NativeBot, classifier: IntentClassifier,
                                                  held_out: dict[str, Any]) -> None:
    cases = [(u, intent) for intent, group in held_out["in_scope"].items() for u in group]
    wrong = [(u, intent, classifier.predict(u, bank.threshold).intent) for u, intent in cases
             if classifier.predict(u, bank.threshold).intent != intent]
    accuracy = 1 - len(wrong) / len(cases)
    assert accuracy >= 0.90, f"accuracy {accuracy:.1%}; wrong: {wrong}"


def test_out_of_scope_goes_to_fallback_at_the_configured_threshold(
        bank: NativeBot, classifier: IntentClassifier, held_out: dict[str, Any]) -> None:
    accepted = [(u, classifier.predict(u, bank.threshold)) for u in held_out["out_of_scope"]]
    accepted = [(u, p) for u, p in accepted if p.intent is not None]
    assert not accepted, f"taken as in scope: {accepted}"
