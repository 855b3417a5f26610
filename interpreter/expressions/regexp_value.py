"""The RegExp value: what `RegExp('a+', 'g')` evaluates to, apart from how it is built or used.

It lives in its own small module because the conversions (`String(re)` is `/a+/g`), JSON,
saved session state and property access all need to recognise it, while compiling and
matching (regexp_syntax, regexp) need those conversions: this module depends on nothing.
A RegExp holds a shared, immutable compiled program and its own `lastIndex`, which `exec`
and `test` advance for global and sticky expressions exactly as in JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class CompiledRegExp:
    """A checked pattern and its RE2 program, shared by every RegExp with this source and flags."""

    source: str
    flags: str
    program: Any
    group_count: int
    group_names: dict[str, int]
    units_per_search: int = 0
    """What a search may cost besides reading the text, at worst (`linear_regex.search_units`)."""
    units_per_byte: int = 0
    """What one byte of text may cost a search, at worst (`linear_regex.search_units_per_byte`)."""

    @property
    def is_global(self) -> bool:
        return "g" in self.flags

    @property
    def sticky(self) -> bool:
        return "y" in self.flags


class JSRegExp:
    """A RegExp object: `typeof` is 'object', equal only to itself."""

    __slots__ = ("compiled", "last_index")

    def __init__(self, compiled: CompiledRegExp, last_index: float = 0.0) -> None:
        self.compiled = compiled
        self.last_index = last_index

    @property
    def source(self) -> str:
        """`RegExp.prototype.source`: the pattern, escaped so that it reads as a literal."""
        return escape_source(self.compiled.source)

    @property
    def flags(self) -> str:
        return self.compiled.flags

    def display(self) -> str:
        """`String(re)` and `re.toString()`."""
        return f"/{self.source}/{self.flags}"

    def __repr__(self) -> str:
        return self.display()


def escape_source(pattern: str) -> str:
    """EscapeRegExpPattern: `/` and line breaks escaped, `(?:)` for the empty pattern."""
    if not pattern:
        return "(?:)"
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "/" and not in_class:
            out.append("\\/")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            if char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            out.append(char)
        index += 1
    return "".join(out)
