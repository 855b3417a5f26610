"""The `text` grammar (anything non-empty) and `{"regex": ...}` grammars written in a flow.

A regex must match the whole input: the DTMF string on voice, the trimmed text on chat. No
flags are added (chat is case-sensitive unless the pattern starts with `(?i)`). Patterns are
compiled once and checked by `regex_safety`, and input longer than `MAX_REGEX_INPUT_LENGTH`
never matches, so a flow cannot freeze the engine.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import date

from .base import Grammar, GrammarMatch, GrammarSpecError, matched, no_match
from .regex_safety import MAX_PATTERN_LENGTH, MAX_REGEX_INPUT_LENGTH, why_unsafe


class TextGrammar(Grammar):
    """Any non-empty input, as typed (trimmed) or keyed."""

    name = "text"

    def match_voice(self, keys: str) -> GrammarMatch:
        return matched(keys)

    def match_chat(self, text: str, today: date | None) -> GrammarMatch:
        return matched(text)


@dataclass(frozen=True)
class RegexGrammar(Grammar):
    """Input that the flow author's pattern matches in full; the value is the input."""

    pattern: str
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    name = "regex"

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_safe_pattern(self.pattern))

    def match_voice(self, keys: str) -> GrammarMatch:
        return self._full_match(keys)

    def match_chat(self, text: str, today: date | None) -> GrammarMatch:
        return self._full_match(text)

    def _full_match(self, text: str) -> GrammarMatch:
        if len(text) > MAX_REGEX_INPUT_LENGTH:
            return no_match("too long")
        if self.compiled.fullmatch(text) is None:
            return no_match("does not match the pattern")
        return matched(text)


def compile_safe_pattern(pattern: str) -> re.Pattern[str]:
    """`re.compile(pattern)`, or GrammarSpecError when it is invalid, too long or unsafe."""
    if not pattern:
        raise GrammarSpecError("the regex pattern is empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise GrammarSpecError(
            f"the regex pattern is {len(pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled = re.compile(pattern)
    except re.error as problem:
        raise GrammarSpecError(f"the regex pattern is not valid: {problem}") from None
    except Warning as warning:
        raise GrammarSpecError(f"the regex pattern is ambiguous: {warning}") from None
    unsafe = why_unsafe(pattern)
    if unsafe:
        raise GrammarSpecError(unsafe)
    return compiled
