"""SRGS grammar to JSGF, the grammar format pocketsphinx decodes against.

Tags are dropped (the recogniser only needs the words; the transcript is matched against the
SRGS grammar again for its meaning), repeats with bounds are written out (`a<2-3>` becomes
`a a [a]`), `$GARBAGE` becomes `<NULL>` (JSGF cannot say "any words"), and words the recogniser
does not know (`known_word` returns False) make their alternative impossible, so the rest of
the grammar still works. Impossible parts are left out rather than written as `<VOID>`:
pocketsphinx 5 then fails the whole utterance ("final result does not match the grammar").
The text is capped at `MAX_JSGF_CHARS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .limits import MAX_JSGF_CHARS
from .model import (
    Alternatives,
    Expansion,
    Repeat,
    RuleRef,
    Sequence,
    SrgsError,
    SrgsGrammar,
    Tag,
    Token,
)

PLAIN_WORD = re.compile(r"^[^\s;=|*+<>()\[\]{}/\"\\]+$")


def to_jsgf(grammar: SrgsGrammar, known_word: Callable[[str], bool] | None = None) -> str:
    """The JSGF text for `grammar` (voice mode); SrgsError when it would be too large."""
    if grammar.mode != "voice":
        raise SrgsError("a DTMF grammar cannot be used for speech")
    names = {name: f"<r{index}>" for index, name in enumerate(grammar.rules)}
    writer = _Writer(names, known_word or (lambda word: True))
    writer.find_void_rules(grammar)
    if grammar.root in writer.void_rules:
        raise SrgsError("the recogniser knows none of the grammar's phrases")
    lines = ["#JSGF V1.0;", "grammar srgs;", f"public <answer> = {names[grammar.root]};"]
    for name, rule in grammar.rules.items():
        if name in writer.void_rules:
            continue
        lines.append(f"{names[name]} = {writer.write(rule.expansion)};")
        writer.total += len(lines[-1])
        if writer.total > MAX_JSGF_CHARS:
            raise SrgsError(f"the grammar is too large for the recogniser (over "
                            f"{MAX_JSGF_CHARS:,} characters of JSGF)", rule.line)
    return "\n".join(lines) + "\n"


class _Writer:
    def __init__(self, names: dict[str, str], known_word: Callable[[str], bool]):
        self.names = names
        self.known_word = known_word
        self.total = 0
        self.void_rules: set[str] = set()

    def find_void_rules(self, grammar: SrgsGrammar) -> None:
        """The rules that cannot match anything the recogniser knows (to a fixed point)."""
        changed = True
        while changed:
            changed = False
            for name, rule in grammar.rules.items():
                if name not in self.void_rules and self._void(rule.expansion):
                    self.void_rules.add(name)
                    changed = True

    def _void(self, node: Expansion) -> bool:
        if isinstance(node, Token):
            return not self._known(node)
        if isinstance(node, RuleRef):
            return node.name == "VOID" if node.special else node.name in self.void_rules
        if isinstance(node, Sequence):
            return any(self._void(item) for item in node.items)
        if isinstance(node, Alternatives):
            return all(self._void(choice) for choice in node.choices)
        if isinstance(node, Repeat):
            return node.least > 0 and self._void(node.body)
        return False

    def _known(self, token: Token) -> bool:
        return all(PLAIN_WORD.match(word) and self.known_word(word) for word in token.words)

    def write(self, node: Expansion) -> str:
        text = self._write(node)
        return text or "<NULL>"

    def _write(self, node: Expansion) -> str:
        if isinstance(node, Token):
            return " ".join(node.words)
        if isinstance(node, Tag):
            return ""
        if isinstance(node, RuleRef):
            return "<NULL>" if node.special else self.names[node.name]
        if isinstance(node, Sequence):
            parts = [part for part in (self._write(item) for item in node.items) if part]
            return f"( {' '.join(parts)} )" if parts else ""
        if isinstance(node, Alternatives):
            weighted = any(weight != 1.0 for weight in node.weights)
            choices = []
            for choice, weight in zip(node.choices, node.weights, strict=True):
                if self._void(choice):
                    continue
                body = self.write(choice)
                choices.append(f"/{max(weight, 0.001):g}/ {body}" if weighted else body)
            return f"( {' | '.join(choices)} )"
        return self._repeat(node)

    def _repeat(self, node: Repeat) -> str:
        body = "" if self._void(node.body) else self._write(node.body)
        if not body:
            return ""
        copies = node.least + (1 if node.most is None else node.most - node.least)
        if len(body) * copies > MAX_JSGF_CHARS:
            raise SrgsError(f"the grammar is too large for the recogniser (over "
                            f"{MAX_JSGF_CHARS:,} characters of JSGF)")
        required = [body] * node.least
        if node.most is None:
            tail = f"( {body} )*"
        else:
            tail = ""
            for _ in range(node.most - node.least):
                tail = f"[ {body} {tail} ]" if tail else f"[ {body} ]"
        return f"( {' '.join([*required, tail]).strip()} )"
