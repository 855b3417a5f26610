"""Refuse regular expressions that could freeze the engine while matching one input.

Python's `re` backtracks, so a pattern such as `(a+)+b` takes exponential time on a string of
a's, and `a*a*a*a*b` takes time growing with the fourth power of the input length. Flows are
written by business users and run inside the engine, which cannot stop a match half way, so
unsafe patterns are refused when the grammar is compiled, by two rules, and the input a regex
grammar reads is capped at `MAX_REGEX_INPUT_LENGTH` characters:

1. A group that can repeat more than once (`*`, `+`, `{2}`, `{1,5}`...) may not itself contain
   a repeat of variable count (`*`, `+`, `?`, `{1,5}`) or alternatives (`|`). So `(a+)+`,
   `(\\d+-)*`, `(a|aa)+` and `(x?){30}` are refused; `(\\d{3}-){2}\\d{4}` is fine.
2. A pattern may have at most `MAX_CHOICES` places where it can match in more than one way:
   each repeat of variable count and each group of alternatives counts once.

With both, a match takes a fraction of a second at worst. The rules are simple and somewhat
strict; a character class (`[ab]+` rather than `(a|b)+`) is usually the way round them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PATTERN_LENGTH = 500
MAX_REGEX_INPUT_LENGTH = 200
MAX_CHOICES = 4

_BRACES = re.compile(r"\{([0-9]*)(,?)([0-9]*)\}")
_FLAG_CHARS = frozenset("aiLmsux-")


@dataclass
class _Group:
    varies: bool = False
    has_alternatives: bool = False


def why_unsafe(pattern: str) -> str | None:
    """Why `pattern` (already known to compile) could match too slowly, or None."""
    stack = [_Group()]
    choices = 0
    after_varying_group = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        just_closed_varying = False
        if char == "\\":
            i += 2
        elif char == "[":
            i = _end_of_class(pattern, i)
        elif pattern.startswith("(?#", i):
            i = _index_or_end(pattern, ")", i) + 1
        elif char == "(":
            stack.append(_Group())
            i = _end_of_group_opening(pattern, i)
        elif char == ")":
            if len(stack) > 1:
                closed = stack.pop()
                stack[-1].varies |= closed.varies
                just_closed_varying = closed.varies
            i += 1
        elif char == "|":
            if not stack[-1].has_alternatives:
                choices += 1
            stack[-1].varies = stack[-1].has_alternatives = True
            i += 1
        elif (quantifier := _quantifier_at(pattern, i)) is not None:
            end, lowest, highest = quantifier
            if after_varying_group and (highest is None or highest > 1):
                return (
                    "the pattern repeats a group that itself contains a repeat or alternatives, "
                    "which can make matching extremely slow"
                )
            if highest != lowest:
                choices += 1
                stack[-1].varies = True
            i = end + 1 if end < len(pattern) and pattern[end] in "?+" else end
        else:
            i += 1
        after_varying_group = just_closed_varying
    if choices > MAX_CHOICES:
        return (
            f"the pattern has {choices} repeats (*, +, ?, {{m,n}}) and groups of alternatives "
            f"(|); at most {MAX_CHOICES} are allowed, so that matching stays fast"
        )
    return None


def _quantifier_at(pattern: str, i: int) -> tuple[int, int, int | None] | None:
    """(end index, minimum, maximum or None for unbounded) of a quantifier starting at i."""
    char = pattern[i]
    if char == "*":
        return i + 1, 0, None
    if char == "+":
        return i + 1, 1, None
    if char == "?":
        return i + 1, 0, 1
    braces = _BRACES.match(pattern, i) if char == "{" else None
    if braces is None:
        return None
    low, comma, high = braces.groups()
    if not comma:
        if not low:
            return None
        return braces.end(), int(low), int(low)
    return braces.end(), int(low or 0), int(high) if high else None


def _end_of_class(pattern: str, i: int) -> int:
    """Index just after the character class `[...]` that opens at i."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _end_of_group_opening(pattern: str, i: int) -> int:
    """Index just after '(' and any `?P<name>`, `?:`, `?=`, `?<!`, `?i:`... header."""
    if not pattern.startswith("(?", i):
        return i + 1
    rest = i + 2
    if pattern.startswith("P<", rest):
        return _index_or_end(pattern, ">", rest) + 1
    if pattern.startswith("P=", rest):
        return _index_or_end(pattern, ")", rest)
    if pattern.startswith(("<=", "<!"), rest):
        return rest + 2
    if pattern.startswith("(", rest):
        return _index_or_end(pattern, ")", rest) + 1
    j = rest
    while j < len(pattern) and pattern[j] in _FLAG_CHARS:
        j += 1
    return j + 1 if j < len(pattern) and pattern[j] in ":=!>" else j


def _index_or_end(text: str, char: str, start: int) -> int:
    found = text.find(char, start)
    return len(text) if found < 0 else found
