"""Values read aloud follow the session language's CLDR conventions."""

from __future__ import annotations

import pytest

from interpreter.engine.value_reading import say_as


@pytest.mark.parametrize("kind, value, language, spoken", [
    ("digits", "4821", "es-US", "4 8 2 1"),
    ("number", 1234.5, "en-US", "1234.5"),
    ("number", 1234.5, "es-ES", "1.234,5"),
    ("number", 1234.5, "fr-FR", "1\u202f234,5"),
    ("number", 1234.5, "de-DE", "1.234,5"),
    ("number", 1234.5, "pt-BR", "1.234,5"),
    ("currency", 1234.5, "en-US", "$1,234.50"),
    ("currency", {"amount": 12.5, "currency": "EUR"}, "es-ES", "12,50 euros"),
    ("currency", 12.5, "es-US", "12.50 dólares estadounidenses"),
    ("currency", {"amount": 3, "currency": "EUR"}, "fr-FR", "3,00 euros"),
    ("currency", {"amount": 3, "currency": "EUR"}, "de-DE", "3,00 Euro"),
    ("currency", {"amount": 100, "currency": "BRL"}, "pt-BR", "100,00 Reais brasileiros"),
    ("date", "2026-05-03", "en-US", "May 3, 2026"),
    ("date", "2026-05-03", "es-ES", "3 de mayo de 2026"),
    ("date", "2026-05-03", "fr-FR", "3 mai 2026"),
    ("date", "2026-05-03", "de-DE", "3. Mai 2026"),
    ("date", "2026-05-03", "pt-BR", "3 de maio de 2026"),
    ("time", "14:30", "en-US", "2:30 PM"),
    ("time", "14:30", "es-ES", "14:30"),
    ("time", "14:30", "fr-FR", "14:30"),
    ("time", "14:30", "de-DE", "14:30"),
    ("time", "14:30", "pt-BR", "14:30"),
])
def test_values_read_in_each_language(kind: str, value: object, language: str,
                                      spoken: str) -> None:
    assert say_as(value, kind, language) == spoken


@pytest.mark.parametrize("kind, value", [
    ("date", "soon"), ("time", "later"), ("currency", "lots"), ("number", "many"),
])
def test_values_that_do_not_fit_read_as_they_are(kind: str, value: str) -> None:
    assert say_as(value, kind, "de-DE") == value


def test_an_unknown_language_reads_as_us_english() -> None:
    assert say_as("2026-05-03", "date", "xx-QQ") == "May 3, 2026"
