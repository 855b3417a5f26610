"""SRGS grammars (W3C Speech Recognition Grammar Specification) for `input` and `menu` blocks.

A flow names a grammar uploaded per language, `{"srgs": "<name>"}`, or writes one inline,
`{"srgs_inline": "<GRXML or ABNF text>"}`. Both forms, XML (`grxml`) and ABNF (`abnf`), parse
to one model (`model`); `matcher` matches typed text, a transcript or DTMF keys against it and
evaluates the semantic interpretation tags (`semantics`, the common `out = ...` forms); `jsgf`
compiles it for pocketsphinx. Parsing is pure text: no I/O, no entity expansion, bounded size
(`limits`). Problems are `SrgsError`s with the line.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ..base import Grammar, GrammarMatch, fold_chat_text, matched, no_match
from .abnf import parse_abnf
from .grxml import parse_grxml
from .jsgf import to_jsgf
from .matcher import SrgsResult, match_words
from .model import SrgsError, SrgsGrammar

__all__ = ["SrgsError", "SrgsGrammar", "SrgsInputGrammar", "SrgsResult", "compile_srgs",
           "match_words", "parse_srgs", "to_jsgf", "words_of"]

DTMF_KEYS = frozenset("0123456789*#ABCD")
_EDGE_PUNCTUATION = ".,!?;:¡¿\"'()"


def parse_srgs(source: str) -> SrgsGrammar:
    """GRXML (text starting with `<`) or ABNF (`#ABNF 1.0;`), checked; SrgsError otherwise."""
    text = source.lstrip("\ufeff")
    if text.lstrip().startswith("<"):
        return parse_grxml(text).finish()
    return parse_abnf(text).finish()


@lru_cache(maxsize=256)
def compile_srgs(source: str) -> SrgsInputGrammar:
    """The input grammar for a grammar text, cached by text (grammars are immutable)."""
    return SrgsInputGrammar(parse_srgs(source))


def words_of(text: str, mode: str) -> list[str]:
    """Typed text or a transcript as the matcher's words: DTMF grammars read keys ("1 2 3" or
    "123"); voice grammars read case-folded words without edge punctuation."""
    if mode == "dtmf":
        keys = "".join(text.split()).upper()
        return list(keys) if keys and set(keys) <= DTMF_KEYS else []
    words = (word.strip(_EDGE_PUNCTUATION) for word in fold_chat_text(text).split())
    return [word.casefold() for word in words if word]


class SrgsInputGrammar(Grammar):
    """An SRGS grammar as an `input` grammar: the value is the root rule's semantic result."""

    name = "srgs"

    def __init__(self, grammar: SrgsGrammar):
        self.grammar = grammar

    def match_voice(self, keys: str) -> GrammarMatch:
        if self.grammar.mode != "dtmf":
            return no_match("keys need a dtmf grammar")
        return self._result(match_words(self.grammar, list(keys.upper())))

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        words = words_of(text, self.grammar.mode)
        if not words:
            return no_match("not in the grammar")
        return self._result(match_words(self.grammar, words))

    @staticmethod
    def _result(result: SrgsResult) -> GrammarMatch:
        return matched(result.value) if result.matched else no_match(result.reason or "")
