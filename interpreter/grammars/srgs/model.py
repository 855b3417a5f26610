"""The one in-memory shape both SRGS forms (XML and ABNF) parse into.

GRXML and ABNF say the same things in two syntaxes; the matcher, the semantic interpretation
and the JSGF compiler all work on these frozen dataclasses, so they never see either syntax.
Every node keeps the source line it came from, so problems found after parsing (a reference to
a rule that does not exist) can still name their line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .semantics import Statement

Mode = Literal["voice", "dtmf"]
SPECIAL_RULES = ("NULL", "VOID", "GARBAGE")


class SrgsError(ValueError):
    """A grammar that cannot be used: the message and, where known, the line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f" (line {line})" if line is not None else ""
        super().__init__(f"{message}{where}")
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class Token:
    """One or more words said (or DTMF keys pressed) in a row, e.g. "new york"."""

    words: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class RuleRef:
    """A reference to a rule of the same grammar, or to a special rule (NULL, VOID, GARBAGE)."""

    name: str
    special: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class Tag:
    """Semantic interpretation statements, already parsed (see `semantics`)."""

    statements: tuple[Statement, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Expansion, ...]


@dataclass(frozen=True, slots=True)
class Alternatives:
    """One of several expansions; weights help the recogniser only (1.0 when not given)."""

    choices: tuple[Expansion, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Repeat:
    """`body` from `least` to `most` times in a row; `most` None means without limit."""

    body: Expansion
    least: int
    most: int | None


Expansion = Token | RuleRef | Tag | Sequence | Alternatives | Repeat


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    expansion: Expansion
    public: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class SrgsGrammar:
    """A parsed, checked grammar: its rules by name and the one matching starts from."""

    root: str
    rules: dict[str, Rule] = field(hash=False)
    mode: Mode = "voice"
    language: str = ""
    literal_tags: bool = False
    """`tag-format` semantics/1.0-literals: a tag's text is the value itself."""

