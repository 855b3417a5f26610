"""The `text` grammar (anything non-empty) and `{"regex": ...}` grammars written in a flow.

A regex must match the whole input: the DTMF string on voice, the trimmed text on chat. No
flags are added (chat is case-sensitive unless the pattern starts with `(?i)`). Patterns are
compiled once by RE2 (`regex_safety`), which matches in time linear in the input whatever the
pattern, and input longer than `MAX_REGEX_INPUT_LENGTH` never matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..linear_regex import LinearPattern
from .base import Grammar, GrammarMatch, matched, no_match
from .regex_safety import MAX_REGEX_INPUT_LENGTH, compile_grammar_pattern


class TextGrammar(Grammar):
    """Any non-empty input, as typed (trimmed) or keyed."""

    name = "text"

    def match_voice(self, keys: str) -> GrammarMatch:
        return matched(keys)

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        return matched(text)


@dataclass(frozen=True)
class RegexGrammar(Grammar):
    """Input that the flow author's pattern matches in full; the value is the input."""

    pattern: str
    compiled: LinearPattern = field(init=False, repr=False, compare=False)

    name = "regex"

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_grammar_pattern(self.pattern))

    def match_voice(self, keys: str) -> GrammarMatch:
        return self._full_match(keys)

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        return self._full_match(text)

    def _full_match(self, text: str) -> GrammarMatch:
        if len(text) > MAX_REGEX_INPUT_LENGTH:
            return no_match("too long")
        if self.compiled.fullmatch(text) is None:
            return no_match("does not match the pattern")
        return matched(text)

