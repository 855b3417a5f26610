"""Built-in grammars read spoken (or typed) words in the session's language."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from interpreter.grammars import compile_grammar
from interpreter.grammars.language_words import base_language

MONDAY = date(2026, 3, 2)


def read(grammar: str, text: str, language: str) -> Any:
    result = compile_grammar(grammar).match(text, "chat", today=MONDAY, language=language)
    assert result.matched, (grammar, text, language, result.reason)
    return result.value


@pytest.mark.parametrize("language, yes, no", [
    ("en-US", "yes", "no"), ("es-US", "sí", "no"), ("es-ES", "Si.", "No, gracias"),
    ("fr-FR", "oui", "non"), ("de-DE", "Ja!", "nein"), ("pt-BR", "sim", "não"),
    ("pt-PT", "Com certeza", "nao"),
])
def test_yes_and_no_in_each_language(language: str, yes: str, no: str) -> None:
    assert read("boolean", yes, language) is True
    assert read("boolean", no, language) is False


def test_yes_words_of_another_language_are_not_yes() -> None:
    result = compile_grammar("boolean").match("sí", "chat", language="en-US")
    assert not result.matched and result.reason == "not yes or no"
    assert not compile_grammar("boolean").match("ja", "chat", language="fr-FR").matched


@pytest.mark.parametrize("language, words, value", [
    ("en-US", "two hundred and twelve", 212), ("es-US", "doscientos doce", 212),
    ("fr-FR", "deux cent douze", 212), ("de-DE", "zweihundertzwölf", 212),
    ("pt-BR", "duzentos e doze", 212), ("es-US", "mil quinientos", 1500),
])
def test_numbers_in_words(language: str, words: str, value: int) -> None:
    assert read("number", words, language) == value


@pytest.mark.parametrize("language, words, digits", [
    ("en-US", "four eight two one", "4821"), ("en-US", "zero four eight", "048"),
    ("es-US", "cuatro ocho dos uno", "4821"), ("fr-FR", "quatre huit deux un", "4821"),
    ("de-DE", "vier acht zwei eins", "4821"), ("pt-BR", "quatro oito dois um", "4821"),
])
def test_digits_in_words(language: str, words: str, digits: str) -> None:
    assert read("digits", words, language) == digits


def test_spoken_digits_count_towards_min_and_max_length() -> None:
    grammar = compile_grammar("digits")
    assert grammar.match("four eight two one", "chat", min_length=4, max_length=4).matched
    assert grammar.match("four eight", "chat", min_length=4).reason == "too short"


@pytest.mark.parametrize("language, words, value", [
    ("en-US", "next Friday", "2026-03-06"), ("en-US", "the third of May", "2026-05-03"),
    ("en-US", "tomorrow", "2026-03-03"), ("en-US", "last friday", "2026-02-27"),
    ("es-US", "el tres de mayo de 2027", "2027-05-03"), ("es-US", "pasado mañana", "2026-03-04"),
    ("es-US", "el próximo viernes", "2026-03-06"), ("fr-FR", "le premier mai", "2026-05-01"),
    ("fr-FR", "vendredi prochain", "2026-03-06"), ("de-DE", "3. Mai 2026", "2026-05-03"),
    ("de-DE", "nächsten Freitag", "2026-03-06"), ("pt-BR", "três de maio", "2026-05-03"),
    ("pt-BR", "amanhã", "2026-03-03"), ("en-US", "the first of February", "2027-02-01"),
])
def test_dates_in_words(language: str, words: str, value: str) -> None:
    assert read("date", words, language) == value


def test_a_date_without_a_year_needs_today() -> None:
    result = compile_grammar("date").match("the third of May", "chat", language="en")
    assert result.reason == "needs today's date"
    assert compile_grammar("date").match("the thirtieth of February", "chat", today=MONDAY,
                                         language="en").reason == "not a date"


@pytest.mark.parametrize("language, words, value", [
    ("en-US", "two thirty pm", "14:30"), ("en-US", "nine o'clock", "09:00"),
    ("es-US", "catorce treinta", "14:30"), ("fr-FR", "quatorze heures trente", "14:30"),
    ("de-DE", "vierzehn Uhr dreißig", "14:30"), ("pt-BR", "catorze e trinta", "14:30"),
])
def test_times_in_words(language: str, words: str, value: str) -> None:
    assert read("time", words, language) == value


@pytest.mark.parametrize("language, words, amount, currency", [
    ("en-US", "twelve dollars fifty", 12.5, "USD"),
    ("en-US", "twelve dollars and fifty cents", 12.5, "USD"),
    ("es-US", "doce euros con cincuenta", 12.5, "EUR"),
    ("fr-FR", "dix euros", 10, "EUR"), ("de-DE", "zwanzig Euro", 20, "EUR"),
    ("pt-BR", "cem reais", 100, "BRL"), ("es-US", "cinco dólares estadounidenses", 5, "USD"),
])
def test_amounts_in_words(language: str, words: str, amount: float, currency: str) -> None:
    assert read("currency", words, language) == {"amount": amount, "currency": currency}


def test_phone_numbers_in_words() -> None:
    assert read("phone", "five five five one two three four", "en-US") == "5551234"


@pytest.mark.parametrize("language, base", [
    ("es-US", "es"), ("pt_BR", "pt"), ("DE", "de"), ("it-IT", "en"), ("", "en"),
])
def test_unknown_languages_read_as_english(language: str, base: str) -> None:
    assert base_language(language) == base


def test_long_spoken_input_stays_bounded() -> None:
    assert compile_grammar("digits").match("four " * 400, "chat").reason == "too long"
    assert not compile_grammar("date").match("may " * 150, "chat", today=MONDAY).matched
