"""Match a list of words (or DTMF keys) against an SRGS grammar and compute its meaning.

A backtracking search over the rule expansions from the root rule: the first way (in document
order; repeats take as many as they can first) that covers the whole input wins, and the root
rule's semantic result is the answer. Work is bounded: at most `MAX_INPUT_WORDS` words, at most
`MAX_MATCH_STEPS` expansion steps, rule references at most `MAX_RULE_DEPTH` deep, and a rule
that refers to itself without consuming a word is not re-entered (left recursion). Past a bound
the input does not match (`too complex`), it never raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .limits import MAX_INPUT_WORDS, MAX_MATCH_STEPS, MAX_RULE_DEPTH
from .model import (
    Alternatives,
    Expansion,
    Repeat,
    RuleRef,
    Sequence,
    SrgsGrammar,
    Tag,
    Token,
)
from .semantics import RuleScope, SemanticLimitError, run_statements


@dataclass(frozen=True, slots=True)
class SrgsResult:
    matched: bool
    value: Any = None
    reason: str | None = None


class _TooComplex(Exception):
    pass


def match_words(grammar: SrgsGrammar, words: list[str] | tuple[str, ...]) -> SrgsResult:
    """The meaning of `words` (already case folded) under `grammar`, or why there is none."""
    if not words:
        return SrgsResult(False, None, "empty")
    if len(words) > MAX_INPUT_WORDS:
        return SrgsResult(False, None, "too long")
    search = _Search(grammar, tuple(words))
    try:
        for end, value, _text in search.rule(grammar.root, 0, 0):
            if end == len(words):
                return SrgsResult(True, value)
    except (_TooComplex, SemanticLimitError, RecursionError):
        return SrgsResult(False, None, "too complex")
    return SrgsResult(False, None, "not in the grammar")


class _Search:
    def __init__(self, grammar: SrgsGrammar, words: tuple[str, ...]):
        self.rules = grammar.rules
        self.words = words
        self.steps = 0
        self.active: set[tuple[str, int]] = set()

    def rule(self, name: str, position: int, depth: int) -> Iterator[tuple[int, Any, str]]:
        if depth > MAX_RULE_DEPTH:
            raise _TooComplex
        key = (name, position)
        if key in self.active:
            return
        self.active.add(key)
        try:
            for end, scope in self.expand(self.rules[name].expansion, position, RuleScope(),
                                          depth):
                self.active.discard(key)
                yield end, scope.value(), " ".join(self.words[position:end])
                self.active.add(key)
        finally:
            self.active.discard(key)

    def expand(self, node: Expansion, position: int, scope: RuleScope,
               depth: int) -> Iterator[tuple[int, RuleScope]]:
        self.steps += 1
        if self.steps > MAX_MATCH_STEPS:
            raise _TooComplex
        if isinstance(node, Token):
            end = position + len(node.words)
            if self.words[position:end] == node.words:
                yield end, self._with_words(scope, node.words)
        elif isinstance(node, Tag):
            changed = scope.copy()
            run_statements(node.statements, changed)
            yield position, changed
        elif isinstance(node, RuleRef):
            yield from self._reference(node, position, scope, depth)
        elif isinstance(node, Sequence):
            yield from self._sequence(node.items, 0, position, scope, depth)
        elif isinstance(node, Alternatives):
            for choice in node.choices:
                yield from self.expand(choice, position, scope, depth)
        elif isinstance(node, Repeat):
            yield from self._repeat(node, 0, position, scope, depth)

    def _with_words(self, scope: RuleScope, words: tuple[str, ...]) -> RuleScope:
        changed = scope.copy()
        changed.words = scope.words + words
        return changed

    def _reference(self, node: RuleRef, position: int, scope: RuleScope,
                   depth: int) -> Iterator[tuple[int, RuleScope]]:
        if node.special:
            if node.name == "NULL":
                yield position, scope
            elif node.name == "GARBAGE":
                for end in range(position + 1, len(self.words) + 1):
                    yield end, self._with_words(scope, self.words[position:end])
            return
        for end, value, text in self.rule(node.name, position, depth + 1):
            changed = self._with_words(scope, self.words[position:end])
            changed.rules[node.name] = value
            changed.rule_texts[node.name] = text
            changed.latest = value
            yield end, changed

    def _sequence(self, items: tuple[Expansion, ...], index: int, position: int,
                  scope: RuleScope, depth: int) -> Iterator[tuple[int, RuleScope]]:
        if index == len(items):
            yield position, scope
            return
        for end, changed in self.expand(items[index], position, scope, depth):
            yield from self._sequence(items, index + 1, end, changed, depth)

    def _repeat(self, node: Repeat, count: int, position: int, scope: RuleScope,
                depth: int) -> Iterator[tuple[int, RuleScope]]:
        if node.most is None or count < node.most:
            for end, changed in self.expand(node.body, position, scope, depth):
                if end == position and count >= node.least:
                    continue
                yield from self._repeat(node, count + 1, end, changed, depth)
        if count >= node.least:
            yield position, scope
