"""Compile the pattern of a `{"regex": ...}` grammar so that no input can make matching slow.

Checking a pattern's text for "dangerous" shapes cannot be complete (comments, flags and
escapes hide them), so it is not attempted: patterns are compiled by RE2 (`interpreter.
linear_regex`), whose matching time is linear in the input for every pattern. What remains
here are the limits on the pattern and on the input a regex grammar reads, dropping Python's
`(?#...)` comments (RE2 has none), and turning RE2's
refusals (backreferences, lookaround, invalid syntax) into a `GrammarSpecError` that names the
pattern and says why, which flow validation reports on the `input` block.
"""

from __future__ import annotations

from ..linear_regex import LinearPattern, UnsupportedPattern, compile_linear
from .base import GrammarSpecError

MAX_PATTERN_LENGTH = 500
"""Characters in a grammar's pattern."""

MAX_REGEX_INPUT_LENGTH = 200
"""Characters (DTMF keys on voice) a regex grammar reads; longer input never matches."""


def compile_grammar_pattern(pattern: str) -> LinearPattern:
    """The RE2 program for `pattern`, or GrammarSpecError when it is empty, too long or refused."""
    if not pattern:
        raise GrammarSpecError("the regex pattern is empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise GrammarSpecError(
            f"the regex pattern is {len(pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}"
        )
    try:
        return compile_linear(without_comments(pattern))
    except UnsupportedPattern as problem:
        raise GrammarSpecError(f"the regex pattern {pattern!r} is not valid: {problem.reason}") from None


def without_comments(pattern: str) -> str:
    """`pattern` without Python's `(?#...)` comments, which RE2 does not read."""
    if "(?#" not in pattern:
        return pattern
    kept: list[str] = []
    index = 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            kept.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            lead = 2 if pattern.startswith("^]", index + 1) else int(pattern.startswith("]", index + 1))
            kept.append(pattern[index : index + 1 + lead])
            index += 1 + lead
            continue
        elif pattern.startswith("(?#", index):
            end = pattern.find(")", index)
            index = len(pattern) if end < 0 else end + 1
            continue
        kept.append(char)
        index += 1
    return "".join(kept)
