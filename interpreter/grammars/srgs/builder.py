"""What both parsers share: building model nodes within the limits, then checking the whole.

The GRXML and ABNF parsers differ only in syntax; both call this builder for every token,
reference, tag, repeat and rule, so the limits (`limits`), token normalisation and the final
checks (the root rule exists, every reference names a rule, the mode is known) are one code.
"""

from __future__ import annotations

import re

from .limits import MAX_EXPANSION_NODES, MAX_REPEAT, MAX_RULES
from .model import (
    SPECIAL_RULES,
    Alternatives,
    Expansion,
    Mode,
    Repeat,
    Rule,
    RuleRef,
    Sequence,
    SrgsError,
    SrgsGrammar,
    Tag,
    Token,
)
from .semantics import literal_tag, parse_tag

RULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$")
REPEAT = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d*))?\s*$")


def normalise_words(text: str) -> tuple[str, ...]:
    """Words as the matcher compares them: case folded, split on white space."""
    return tuple(text.casefold().split())


class GrammarBuilder:
    def __init__(self, root: str, mode: str, language: str, tag_format: str, line: int = 1):
        if mode not in ("voice", "dtmf"):
            raise SrgsError(f"mode must be 'voice' or 'dtmf', not '{mode}'", line)
        self.root = root
        self.mode = mode
        self.language = language
        self.literal_tags = tag_format.strip().startswith("semantics/1.0-literals")
        self.rules: dict[str, Rule] = {}
        self.first_public: str | None = None
        self.references: list[RuleRef] = []
        self.nodes = 0
        self.line = line

    def count(self, line: int = 0) -> None:
        self.nodes += 1
        if self.nodes > MAX_EXPANSION_NODES:
            raise SrgsError(f"the grammar has more than {MAX_EXPANSION_NODES:,} parts", line)

    def token(self, text: str, line: int) -> Token | None:
        words = normalise_words(text)
        if not words:
            return None
        self.count(line)
        return Token(words, line)

    def tag(self, text: str, line: int) -> Tag:
        self.count(line)
        statements = literal_tag(text) if self.literal_tags else parse_tag(text)
        return Tag(statements, line)

    def reference(self, name: str, line: int) -> RuleRef:
        self.count(line)
        reference = RuleRef(name, False, line)
        self.references.append(reference)
        return reference

    def special(self, name: str, line: int) -> RuleRef:
        if name not in SPECIAL_RULES:
            raise SrgsError(f"'{name}' is not a special rule (NULL, VOID, GARBAGE)", line)
        self.count(line)
        return RuleRef(name, True, line)

    def sequence(self, items: list[Expansion]) -> Expansion:
        if len(items) == 1:
            return items[0]
        self.count()
        return Sequence(tuple(items))

    def weight(self, text: str | None, line: int) -> float:
        if text is None:
            return 1.0
        try:
            weight = float(text)
        except ValueError:
            weight = -1.0
        if not 0 <= weight < 1e6:
            raise SrgsError(f"'{text}' is not a weight (a number, 0 or more)", line)
        return weight

    def alternatives(self, choices: list[Expansion], weights: list[float]) -> Expansion:
        if len(choices) == 1:
            return choices[0]
        self.count()
        return Alternatives(tuple(choices), tuple(weights))

    def add_rule(self, name: str, expansion: Expansion, public: bool, line: int) -> None:
        if not RULE_NAME.match(name) or name in SPECIAL_RULES:
            raise SrgsError(f"'{name}' is not a rule name", line)
        if name in self.rules:
            raise SrgsError(f"the rule '{name}' is defined twice", line)
        if len(self.rules) >= MAX_RULES:
            raise SrgsError(f"the grammar has more than {MAX_RULES} rules", line)
        self.rules[name] = Rule(name, expansion, public, line)
        if public and self.first_public is None:
            self.first_public = name

    def finish(self) -> SrgsGrammar:
        """The checked grammar: SrgsError for a missing root or an unknown reference."""
        root = self.root or self.first_public or next(iter(self.rules), "")
        if not root:
            raise SrgsError("the grammar has no rules", self.line)
        if root not in self.rules:
            raise SrgsError(f"the root rule '{root}' is not defined", self.line)
        for reference in self.references:
            if reference.name not in self.rules:
                raise SrgsError(f"there is no rule '{reference.name}'", reference.line)
        mode: Mode = "dtmf" if self.mode == "dtmf" else "voice"
        return SrgsGrammar(root, self.rules, mode, self.language, self.literal_tags)


def parse_repeat(builder: GrammarBuilder, body: Expansion, text: str, line: int) -> Expansion:
    """`body` repeated as `text` says: "3", "1-3", "0-", "optional" and so on."""
    most: int | None
    if text.strip() == "optional":
        least, most = 0, 1
    else:
        match = REPEAT.match(text)
        if match is None:
            raise SrgsError(f"'{text}' is not a repeat count such as 0-1, 2-5 or 1-", line)
        least = int(match.group(1))
        most = None if match.group(2) and not match.group(3) else int(
            match.group(3) or match.group(1))
        if least > MAX_REPEAT or (most is not None and most > MAX_REPEAT):
            raise SrgsError(f"a repeat count is at most {MAX_REPEAT}", line)
        if most is not None and most < least:
            raise SrgsError(f"the repeat '{text}' has its larger number first", line)
    if (least, most) == (1, 1):
        return body
    builder.count(line)
    return Repeat(body, least, most)
