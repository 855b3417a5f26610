from __future__ import annotations

import pytest

from interpreter.engine.effects import PromptOut, prompt_text
from interpreter.engine.prompts import say_as


@pytest.mark.parametrize("parts, text", [
    (["Your balance is", "$2.00", "."], "Your balance is $2.00."),
    (["Got ", "1 2 3"], "Got 1 2 3"),
    (["Hello", "", "world", "!"], "Hello world!"),
])
def test_parts_join_without_space_before_punctuation(parts: list[str], text: str) -> None:
    assert prompt_text(tuple(PromptOut(text=p) for p in parts)) == text


@pytest.mark.parametrize("value, kind, language, spoken", [
    ("2026-11-25", "date", "en-US", "November 25, 2026"),
    ("2026-11-25", "date", "es-US", "25 de noviembre de 2026"),
    ("14:30", "time", "en-US", "2:30 PM"),
    ("09:00", "time", "en-US", "9 AM"),
    ("14:30", "time", "es-US", "2:30 p.m."),
    ("14:30", "time", "es-ES", "14:30"),
    (1234.5, "currency", "en-US", "$1,234.50"),
    (-3, "currency", "en-US", "-$3.00"),
    ("4321", "digits", "en-US", "4 3 2 1"),
    (12.0, "number", "en-US", "12"),
    ("not a date", "date", "en-US", "not a date"),
])
def test_say_as(value: object, kind: str, language: str, spoken: str) -> None:
    assert say_as(value, kind, language) == spoken
