"""Input grammars on both channels: what matches, the value it gives, and what does not."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interpreter.grammars import (
    GRAMMAR_NAMES,
    MAX_INPUT_LENGTH,
    MAX_PATTERN_LENGTH,
    MAX_REGEX_INPUT_LENGTH,
    GrammarMatch,
    GrammarSpecError,
    RegexGrammar,
    compile_grammar,
)

Spec = str | dict[str, str]

VOICE_MATCHES: list[tuple[Spec, str, Any]] = [
    ("digits", "12345", "12345"),
    ("digits", "007", "007"),
    ("number", "12", 12),
    ("number", "12*5", 12.5),
    ("number", "*5", 0.5),
    ("number", "007", 7),
    ("number", "12*0", 12),
    ("boolean", "1", True),
    ("boolean", "2", False),
    ("date", "20261125", "2026-11-25"),
    ("date", "20240229", "2024-02-29"),
    ("time", "1430", "14:30"),
    ("time", "0000", "00:00"),
    ("time", "2359", "23:59"),
    ("currency", "1250", {"amount": 1250, "currency": None}),
    ("currency", "12*50", {"amount": 12.5, "currency": None}),
    ("phone", "5551234567", "5551234567"),
    ("phone", "911", "911"),
    ("phone", "123456789012345", "123456789012345"),
    ("text", "12*#", "12*#"),
    ({"regex": "[0-9]{4}"}, "1234", "1234"),
    ({"regex": r"\d{3}\*\d"}, "123*4", "123*4"),
]

VOICE_NO_MATCHES: list[tuple[Spec, str, str]] = [
    ("digits", "12*3", "not digits"),
    ("digits", "", "empty"),
    ("number", "12*", "not a number"),
    ("number", "1*2*3", "not a number"),
    ("number", "*", "not a number"),
    ("boolean", "3", "not yes or no"),
    ("boolean", "11", "not yes or no"),
    ("date", "20260230", "not a date"),
    ("date", "2026112", "not a date"),
    ("date", "00000101", "not a date"),
    ("time", "2400", "not a time"),
    ("time", "1260", "not a time"),
    ("time", "930", "not a time"),
    ("currency", "12**5", "not an amount"),
    ("phone", "12", "too few digits for a phone number"),
    ("phone", "1234567890123456", "too many digits for a phone number"),
    ("phone", "555*123", "not a phone number"),
    ({"regex": "[0-9]{4}"}, "12345", "does not match the pattern"),
    ({"regex": "[0-9]{4}"}, "123", "does not match the pattern"),
]

CHAT_MATCHES: list[tuple[Spec, str, Any]] = [
    ("digits", "12345", "12345"),
    ("digits", "  0042 ", "0042"),
    ("digits", "1234 5678", "12345678"),
    ("digits", "1234-5678-90", "1234567890"),
    ("digits", "\uff11\uff12\uff13", "123"),
    ("number", "12.5", 12.5),
    ("number", "-3", -3),
    ("number", "+3", 3),
    ("number", "\u22123", -3),
    ("number", "1,234.5", 1234.5),
    ("number", "1,234,567", 1234567),
    ("number", ".5", 0.5),
    ("number", "12.0", 12),
    ("number", "0", 0),
    ("number", "twelve", 12),
    ("number", "Twenty-One", 21),
    ("number", "ninety nine", 99),
    ("number", "a hundred and five", 105),
    ("number", "three thousand two hundred", 3200),
    ("number", "minus four", -4),
    ("number", "zero", 0),
    ("boolean", "yes", True),
    ("boolean", "Y", True),
    ("boolean", "Yeah!", True),
    ("boolean", "ok", True),
    ("boolean", "true", True),
    ("boolean", "Yes, please.", True),
    ("boolean", "That\u2019s right", True),
    ("boolean", "1", True),
    ("boolean", "\U0001f44d", True),
    ("boolean", "\U0001f44e", False),
    ("boolean", "no", False),
    ("boolean", "N", False),
    ("boolean", "nope", False),
    ("boolean", "FALSE", False),
    ("boolean", "no thanks", False),
    ("boolean", "2", False),
    ("date", "2026-11-25", "2026-11-25"),
    ("date", "2026/11/25", "2026-11-25"),
    ("date", "11/25/2026", "2026-11-25"),
    ("date", "1/5/2026", "2026-01-05"),
    ("date", "11-25-2026", "2026-11-25"),
    ("date", "25 Nov 2026", "2026-11-25"),
    ("date", "25 November 2026", "2026-11-25"),
    ("date", "25-nov-2026", "2026-11-25"),
    ("date", "25th of November, 2026", "2026-11-25"),
    ("date", "November 25, 2026", "2026-11-25"),
    ("date", "Nov. 25th 2026", "2026-11-25"),
    ("date", "sept 1 2026", "2026-09-01"),
    ("date", "Feb 29, 2024", "2024-02-29"),
    ("time", "14:30", "14:30"),
    ("time", "9:05", "09:05"),
    ("time", "2:30 pm", "14:30"),
    ("time", "2:30PM", "14:30"),
    ("time", "2pm", "14:00"),
    ("time", "2 p.m.", "14:00"),
    ("time", "11 am", "11:00"),
    ("time", "12 am", "00:00"),
    ("time", "12:15 pm", "12:15"),
    ("time", "noon", "12:00"),
    ("time", "Midnight", "00:00"),
    ("currency", "$12.50", {"amount": 12.5, "currency": "USD"}),
    ("currency", "$ 12", {"amount": 12, "currency": "USD"}),
    ("currency", "12.50 USD", {"amount": 12.5, "currency": "USD"}),
    ("currency", "usd 12.50", {"amount": 12.5, "currency": "USD"}),
    ("currency", "€3", {"amount": 3, "currency": "EUR"}),
    ("currency", "3€", {"amount": 3, "currency": "EUR"}),
    ("currency", "£1,200.99", {"amount": 1200.99, "currency": "GBP"}),
    ("currency", "12", {"amount": 12, "currency": None}),
    ("currency", "12 dollars", {"amount": 12, "currency": "USD"}),
    ("currency", "5 euros", {"amount": 5, "currency": "EUR"}),
    ("currency", "$20 CAD", {"amount": 20, "currency": "CAD"}),
    ("currency", "US$7", {"amount": 7, "currency": "USD"}),
    ("phone", "(555) 123-4567", "5551234567"),
    ("phone", "+1 555 123 4567", "+15551234567"),
    ("phone", "555.123.4567", "5551234567"),
    ("phone", "+44 (0)20 7946 0958", "+4402079460958"),
    ("phone", "911", "911"),
    ("text", "  hello there  ", "hello there"),
    ("text", "x", "x"),
    ({"regex": "[A-Z]{2}[0-9]{4}"}, "AB1234", "AB1234"),
    ({"regex": "[A-Z]{2}[0-9]{4}"}, " AB1234 ", "AB1234"),
    ({"regex": "(?i)[a-z]{2}[0-9]{4}"}, "Ab1234", "Ab1234"),
]

CHAT_NO_MATCHES: list[tuple[Spec, str, str]] = [
    ("digits", "12a4", "not digits"),
    ("digits", "12  -34", "not digits"),
    ("digits", "-1234", "not digits"),
    ("digits", "   ", "empty"),
    ("number", "1,23", "not a number"),
    ("number", "12.5.1", "not a number"),
    ("number", "1e5", "not a number"),
    ("number", "twelve apples", "not a number"),
    ("number", "one two", "not a number"),
    ("number", "hundred", "not a number"),
    ("number", "zero hundred", "not a number"),
    ("number", "1" * 400 + ".5", "too large"),
    ("boolean", "maybe", "not yes or no"),
    ("boolean", "yes no", "not yes or no"),
    ("date", "2026-02-30", "not a date"),
    ("date", "25/11/2026", "not a date"),
    ("date", "11/25/26", "not a date"),
    ("date", "Nov 25", "needs today's date"),
    ("date", "25 Smarch 2026", "not a date"),
    ("date", "tomorrow", "needs today's date"),
    ("time", "25:00", "not a time"),
    ("time", "14:60", "not a time"),
    ("time", "13pm", "not a time"),
    ("time", "0 am", "not a time"),
    ("time", "14:30 pm", "not a time"),
    ("time", "1430", "not a time"),
    ("time", "teatime", "not a time"),
    ("currency", "$$12", "not an amount"),
    ("currency", "$12€", "not an amount"),
    ("currency", "USD 12 EUR", "not an amount"),
    ("currency", "12 bananas", "unknown currency"),
    ("currency", "€12 USD", "conflicting currencies"),
    ("currency", "-$5", "not an amount"),
    ("currency", "twelve bananas", "not an amount"),
    ("phone", "555-CALL-NOW", "not a phone number"),
    ("phone", "555 1234 ext 12", "not a phone number"),
    ("phone", "1+555", "not a phone number"),
    ("phone", "(1)", "too few digits for a phone number"),
    ("phone", "+1 234 567 890 123 456", "too many digits for a phone number"),
    ("text", " \t\n ", "empty"),
    ({"regex": "[A-Z]{2}[0-9]{4}"}, "ab1234", "does not match the pattern"),
    ({"regex": "[0-9]+"}, "12 34", "does not match the pattern"),
]


def _spec_id(spec: Spec) -> str:
    return spec if isinstance(spec, str) else f"regex:{spec['regex']}"


@pytest.mark.parametrize(("spec", "raw", "value"), VOICE_MATCHES, ids=repr)
def test_voice_input_matches_with_its_normalised_value(spec: Spec, raw: str, value: Any) -> None:
    assert compile_grammar(spec).match(raw, "voice") == GrammarMatch(True, value)


@pytest.mark.parametrize(("spec", "raw", "reason"), VOICE_NO_MATCHES, ids=repr)
def test_voice_input_that_does_not_match_says_why(spec: Spec, raw: str, reason: str) -> None:
    assert compile_grammar(spec).match(raw, "voice") == GrammarMatch(False, None, reason)


@pytest.mark.parametrize(("spec", "raw", "value"), CHAT_MATCHES, ids=repr)
def test_chat_input_matches_with_its_normalised_value(spec: Spec, raw: str, value: Any) -> None:
    assert compile_grammar(spec).match(raw, "chat") == GrammarMatch(True, value)


@pytest.mark.parametrize(("spec", "raw", "reason"), CHAT_NO_MATCHES, ids=repr)
def test_chat_input_that_does_not_match_says_why(spec: Spec, raw: str, reason: str) -> None:
    assert compile_grammar(spec).match(raw, "chat") == GrammarMatch(False, None, reason)


def test_number_values_are_int_when_whole_and_float_otherwise() -> None:
    number = compile_grammar("number")
    assert type(number.match("12", "chat").value) is int
    assert type(number.match("12.0", "chat").value) is int
    assert type(number.match("12.5", "chat").value) is float
    assert type(number.match("12*5", "voice").value) is float


def test_voice_input_is_not_trimmed() -> None:
    assert not compile_grammar("digits").match(" 123", "voice").matched


@pytest.mark.parametrize(
    ("word", "offset"), [("today", 0), ("Tomorrow", 1), ("yesterday", -1), (" TODAY ", 0)]
)
def test_relative_dates_resolve_against_today(word: str, offset: int) -> None:
    result = compile_grammar("date").match(word, "chat", today=date(2026, 12, 31))
    expected = {0: "2026-12-31", 1: "2027-01-01", -1: "2026-12-30"}[offset]
    assert result == GrammarMatch(True, expected)


def test_relative_dates_beyond_the_calendar_do_not_match() -> None:
    result = compile_grammar("date").match("tomorrow", "chat", today=date.max)
    assert result == GrammarMatch(False, None, "not a date")


def test_today_does_not_change_absolute_dates() -> None:
    result = compile_grammar("date").match("2026-11-25", "chat", today=date(2000, 1, 1))
    assert result.value == "2026-11-25"


LENGTH_CASES: list[tuple[Spec, str, str, int | None, int | None, bool | str]] = [
    ("digits", "voice", "1234", 4, 4, True),
    ("digits", "voice", "123", 4, None, "too short"),
    ("digits", "voice", "12345", None, 4, "too long"),
    ("digits", "chat", "1234 5678", 8, 8, True),
    ("digits", "chat", "1234 567", 8, None, "too short"),
    ("phone", "chat", "(555) 123-4567", 10, 10, True),
    ("phone", "chat", "+1 555 123 4567", None, 10, "too long"),
    ("number", "voice", "12*5", 4, 4, True),
    ("number", "chat", "1,234.5", 7, 7, True),
    ("number", "chat", "12", 3, None, "too short"),
    ("text", "chat", "  hello  ", 5, 5, True),
    ("text", "chat", "hello", 6, None, "too short"),
    ("text", "chat", "hello", None, 4, "too long"),
    ({"regex": "[0-9]+"}, "voice", "123456", None, 5, "too long"),
    ("digits", "voice", "12a", 5, None, "not digits"),
]


@pytest.mark.parametrize(("spec", "channel", "raw", "low", "high", "outcome"), LENGTH_CASES)
def test_min_and_max_length(
    spec: Spec,
    channel: Any,
    raw: str,
    low: int | None,
    high: int | None,
    outcome: bool | str,
) -> None:
    result = compile_grammar(spec).match(raw, channel, min_length=low, max_length=high)
    if isinstance(outcome, str):
        assert result == GrammarMatch(False, None, outcome)
    else:
        assert result.matched


@pytest.mark.parametrize("channel", ["voice", "chat"])
@pytest.mark.parametrize("name", GRAMMAR_NAMES)
def test_input_longer_than_the_cap_never_matches(name: str, channel: Any) -> None:
    raw = "1" * (MAX_INPUT_LENGTH + 1)
    assert compile_grammar(name).match(raw, channel) == GrammarMatch(False, None, "too long")


def test_input_at_the_cap_is_read() -> None:
    raw = "1" * MAX_INPUT_LENGTH
    assert compile_grammar("digits").match(raw, "voice").value == raw


def test_unknown_channel_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="channel"):
        compile_grammar("digits").match("1", "sms")  # type: ignore[arg-type]


def test_grammar_names_are_the_built_in_grammars() -> None:
    assert GRAMMAR_NAMES == (
        "digits", "number", "boolean", "date", "time", "currency", "phone", "text",
    )  # fmt: skip
    for name in GRAMMAR_NAMES:
        assert compile_grammar(name).name == name


def test_regex_grammars_compare_by_pattern() -> None:
    first, second = compile_grammar({"regex": "[0-9]+"}), compile_grammar({"regex": "[0-9]+"})
    assert first == second
    assert hash(first) == hash(second)
    assert isinstance(first, RegexGrammar)
    assert first.name == "regex"


BAD_SPECS: list[tuple[Any, str]] = [
    ("digit", "'digit' is not a grammar"),
    ("", "'' is not a grammar"),
    ("regex", "'regex' is not a grammar"),
    ({}, "written"),
    ({"regex": "[0-9]+", "flags": "i"}, "written"),
    ({"pattern": "[0-9]+"}, "written"),
    ({"regex": 5}, "must be text"),
    ({"regex": ""}, "empty"),
    ({"regex": "("}, "not valid"),
    ({"regex": "[0-9"}, "not valid"),
    ({"regex": "a{2,1}"}, "not valid"),
    ({"regex": r"(a)\1"}, "backreferences"),
    ({"regex": "(?=a)a"}, "lookahead"),
    ({"regex": "(?<!a)b"}, "lookbehind"),
    ({"regex": "a" * (MAX_PATTERN_LENGTH + 1)}, "the limit is"),
    (5, "a grammar is a name"),
    (None, "a grammar is a name"),
    (["digits"], "a grammar is a name"),
]


@pytest.mark.parametrize(("spec", "message"), BAD_SPECS, ids=repr)
def test_bad_specs_are_refused_with_a_message(spec: Any, message: str) -> None:
    with pytest.raises(GrammarSpecError, match=message) as raised:
        compile_grammar(spec)
    assert message in raised.value.message


CATASTROPHIC_FOR_BACKTRACKING = [
    "(a+)+",
    "(a+)+b",
    "(a*)*",
    "(?:a+)*$",
    "(a|aa)+",
    "(x?){30}x{30}",
    r"(\w+\s?)+",
    "a*a*a*a*a*a*b",
    "(?i)(a|A)+[^a]",
]


@pytest.mark.parametrize("pattern", CATASTROPHIC_FOR_BACKTRACKING)
def test_patterns_that_backtrack_exponentially_match_in_linear_time(pattern: str) -> None:
    grammar = compile_grammar({"regex": pattern})
    worst = "a" * (MAX_REGEX_INPUT_LENGTH - 1) + "!"
    started = time.perf_counter()
    for _ in range(100):
        grammar.match(worst, "chat")
        grammar.match(worst[:29], "voice")
    assert time.perf_counter() - started < 1.0


def test_a_nested_repeat_hidden_by_a_comment_cannot_freeze_the_engine() -> None:
    """Once `(?x)` comments fooled a text check; RE2 refuses the flag, and never backtracks."""
    with pytest.raises(GrammarSpecError, match="verbose"):
        compile_grammar({"regex": "(?x)  # [\n(a+)+\n# ]"})
    grammar = compile_grammar({"regex": "(?#[)(a+)+b"})
    started = time.perf_counter()
    assert not grammar.match("a" * 28 + "!", "chat").matched
    assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1+", "backreferences (\\1)"),
        (r"(?P<x>a)(?P=x)", "named backreferences"),
        ("(?=a)", "lookahead"),
        ("(?!a)b", "lookahead"),
        ("(?<=a)b+", "lookbehind"),
        ("[a-z]+\\Z", "write \\z"),
        ("(x{1000}){1000}", "repetition size"),
    ],
)
def test_patterns_re2_cannot_run_are_refused_naming_pattern_and_reason(pattern: str, reason: str) -> None:
    with pytest.raises(GrammarSpecError) as raised:
        compile_grammar({"regex": pattern})
    assert repr(pattern) in raised.value.message
    assert reason in raised.value.message


@pytest.mark.parametrize(
    ("pattern", "accepted", "refused"),
    [
        ("[0-9]{4}", "2024", "20245"),
        (r"(\d{3}-){2}\d{4}", "555-123-4567", "555-1234567"),
        ("(?i)[a-z]{2}[0-9]{4}", "Ab1234", "Ab12345"),
        ("(yes|no)", "no", "nope"),
        ("(?P<word>[a-z]+ )+end", "a b end", "end"),
        ("[a-z]+$", "abc", "abc1"),
        ("(?#comment (a+)x+", "xx", "a"),
    ],
)
def test_common_patterns_keep_their_meaning(pattern: str, accepted: str, refused: str) -> None:
    grammar = compile_grammar({"regex": pattern})
    assert grammar.match(accepted, "chat").matched
    assert not grammar.match(refused, "chat").matched


def test_regex_chat_matching_stays_case_sensitive_and_whole() -> None:
    grammar = compile_grammar({"regex": "[a-z]+"})
    assert grammar.match("  abc ", "chat").value == "abc"
    assert not grammar.match("ABC", "chat").matched
    assert not grammar.match("abc1", "chat").matched


def test_regex_input_is_capped_shorter_than_other_input() -> None:
    grammar = compile_grammar({"regex": "[0-9]+"})
    assert grammar.match("1" * MAX_REGEX_INPUT_LENGTH, "voice").matched
    longer = "1" * (MAX_REGEX_INPUT_LENGTH + 1)
    assert grammar.match(longer, "voice") == GrammarMatch(False, None, "too long")
    assert compile_grammar("digits").match(longer, "voice").matched


ALL_SPECS: list[Spec] = [*GRAMMAR_NAMES, {"regex": "[0-9]{2,6}"}, {"regex": "(?i)[a-z ]+"}]


@settings(max_examples=300, deadline=None)
@given(
    spec=st.sampled_from(ALL_SPECS),
    channel=st.sampled_from(["voice", "chat"]),
    raw=st.one_of(
        st.text(max_size=60),
        st.text(alphabet="0123456789*#ABCD", max_size=20),
        st.text(alphabet="0123456789 ,.-+$€:/()apmAPMnoyes", max_size=25),
        st.sampled_from(["today", "tomorrow", "yesterday", "noon", "twelve", "$5 CAD"]),
    ),
    low=st.none() | st.integers(-2, 12),
    high=st.none() | st.integers(-2, 12),
    today=st.none() | st.dates(),
)
def test_match_never_raises_and_gives_json_values(
    spec: Spec,
    channel: Any,
    raw: str,
    low: int | None,
    high: int | None,
    today: date | None,
) -> None:
    result = compile_grammar(spec).match(raw, channel, min_length=low, max_length=high, today=today)
    assert isinstance(result, GrammarMatch)
    if result.matched:
        assert result.reason is None
        json.dumps(result.value, allow_nan=False)
    else:
        assert result.value is None
        assert result.reason
