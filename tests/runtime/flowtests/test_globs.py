"""Glob semantics of expected texts: `*` any run, `?` one character, all else literal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from runtime.flowtests.globs import glob_match

ordinary_text = st.text(alphabet=st.characters(blacklist_characters="*?"), max_size=40)


def test_star_matches_any_run_including_nothing() -> None:
    assert glob_match("Welcome*", "Welcome to Acme.")
    assert glob_match("Welcome*", "Welcome")
    assert glob_match("*order number*", "Please enter your order number.")
    assert not glob_match("Welcome*", "Hello, Welcome")


def test_question_mark_matches_exactly_one_character() -> None:
    assert glob_match("Press ? now", "Press 1 now")
    assert not glob_match("Press ? now", "Press 12 now")
    assert not glob_match("Press ? now", "Press  now")


def test_brackets_are_literal_not_character_classes() -> None:
    assert glob_match("Press [1] for sales", "Press [1] for sales")
    assert not glob_match("Press [12] for sales", "Press 1 for sales")
    assert glob_match("[a-z]*", "[a-z] and more")
    assert not glob_match("[a-z]*", "abc")
    assert glob_match("[!x]", "[!x]")


def test_regex_characters_are_literal() -> None:
    assert glob_match("Total: $5.00 (tax+fees)^", "Total: $5.00 (tax+fees)^")
    assert not glob_match("a.c", "abc")
    assert glob_match(r"back\slash", r"back\slash")


def test_whole_text_must_match_and_case_counts() -> None:
    assert not glob_match("Welcome", "Welcome to Acme")
    assert not glob_match("welcome*", "Welcome to Acme")
    assert glob_match("*", "")
    assert glob_match("line one*line two", "line one\nline two")
    assert not glob_match("*", None)


@given(ordinary_text)
def test_text_without_wildcards_matches_only_itself(text: str) -> None:
    assert glob_match(text, text)
    assert not glob_match(text, text + "x")


@given(ordinary_text, ordinary_text)
def test_star_between_prefix_and_suffix(prefix: str, suffix: str) -> None:
    assert glob_match(f"{prefix}*{suffix}", f"{prefix}anything at all{suffix}")


def test_many_stars_against_a_long_prompt_match_in_linear_time() -> None:
    """A backtracking engine takes the fifth power of the text's length on this glob."""
    import time

    from runtime.flowtests.globs import glob_match

    started = time.perf_counter()
    assert not glob_match("*a*a*a*a*a*b", "a" * 20_000)
    assert glob_match("*a*a*a*a*a*b", "a" * 20_000 + "b")
    assert time.perf_counter() - started < 1.0


def test_globs_keep_special_characters_and_unpaired_surrogates_literal() -> None:
    from runtime.flowtests.globs import glob_match

    assert glob_match("Press [1] (or \\x) for $5.*", "Press [1] (or \\x) for $5.00")
    assert not glob_match("Press [1]", "Press 1")
    assert glob_match("line?two", "line\ntwo")
    assert glob_match("x\ud800*", "x\ud800y")
    assert not glob_match("a.c", "abc")
