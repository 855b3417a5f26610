"""Input grammars for the `input` block: turn keyed DTMF or typed chat text into a value.

Modelled on the VoiceXML built-in grammars. `compile_grammar(spec)` takes the block's
`grammar` prop — a name from `GRAMMAR_NAMES` or `{"regex": "<pattern>"}` — and returns a
`Grammar`, whose `match(raw, channel, min_length=..., max_length=..., today=...)` returns a
`GrammarMatch`. Matching never raises for any input string. `docs/grammars.md` lists exactly
what each grammar accepts on each channel and the value it produces:

    name      voice (DTMF, terminator stripped)   chat (trimmed text)            value
    digits    0-9 only                            digits, single spaces/dashes   "0123"
    number    digits, `*` as decimal point        12.5, -3, 1,234.5, "twelve"    12.5 / 12
    boolean   1 = yes, 2 = no                     yes/no/y/n/true/false/ok/...   True / False
    date      YYYYMMDD                            ISO, 11/25/2026, 25 Nov 2026   "2026-11-25"
    time      HHMM (24 h)                         14:30, 2:30 pm, 2pm, noon      "14:30"
    currency  digits, `*` as decimal point        $12.50, 12.50 USD, €3, 12      {amount, currency}
    phone     3-15 digits                         (555) 123-4567, +1 555 ...     "+15551234567"
    text      any non-empty                       any non-empty                  the input
    regex     full match on the DTMF string       full match, case-sensitive     the input

Input over 1,000 characters (200 for a regex grammar) never matches. Regex patterns are
compiled by RE2, so matching takes time linear in the input whatever the pattern; what RE2
cannot run (backreferences, lookaround) or parse is refused when compiled, naming the pattern
and the reason (see `regex_safety`). Patterns use RE2 syntax, which is Python's for the common
forms: `\\d`, `\\w`, `\\s` and `\\b` are ASCII-only, `(?i)` folds case over all of Unicode.
`min_length` / `max_length` count digits for `digits` and `phone` and characters of the
(trimmed) input for every other grammar; on voice that is the number of keys pressed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import (
    MAX_INPUT_LENGTH,
    Channel,
    Grammar,
    GrammarMatch,
    GrammarSpecError,
)
from .boolean import BooleanGrammar
from .dates import DateGrammar, TimeGrammar
from .numeric import CurrencyGrammar, DigitsGrammar, NumberGrammar
from .phone import PhoneGrammar
from .regex_safety import MAX_PATTERN_LENGTH, MAX_REGEX_INPUT_LENGTH
from .text import RegexGrammar, TextGrammar

__all__ = [
    "GRAMMAR_NAMES",
    "MAX_INPUT_LENGTH",
    "MAX_PATTERN_LENGTH",
    "MAX_REGEX_INPUT_LENGTH",
    "Channel",
    "Grammar",
    "GrammarMatch",
    "GrammarSpecError",
    "RegexGrammar",
    "compile_grammar",
]

_BUILT_IN: dict[str, Grammar] = {
    grammar.name: grammar
    for grammar in (
        DigitsGrammar(),
        NumberGrammar(),
        BooleanGrammar(),
        DateGrammar(),
        TimeGrammar(),
        CurrencyGrammar(),
        PhoneGrammar(),
        TextGrammar(),
    )
}
GRAMMAR_NAMES: tuple[str, ...] = tuple(_BUILT_IN)


def compile_grammar(spec: str | Mapping[str, Any]) -> Grammar:
    """The grammar a flow's `grammar` prop names; GrammarSpecError if it cannot be used."""
    if isinstance(spec, str):
        grammar = _BUILT_IN.get(spec)
        if grammar is None:
            names = ", ".join(GRAMMAR_NAMES)
            raise GrammarSpecError(f"'{spec}' is not a grammar; use one of {names}, or a regex")
        return grammar
    if isinstance(spec, Mapping):
        if set(spec) != {"regex"}:
            raise GrammarSpecError('a custom grammar is written {"regex": "<pattern>"}')
        pattern = spec["regex"]
        if not isinstance(pattern, str):
            raise GrammarSpecError("the regex pattern must be text")
        return RegexGrammar(pattern)
    raise GrammarSpecError('a grammar is a name such as "digits" or {"regex": "<pattern>"}')
