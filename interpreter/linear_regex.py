"""Regular expressions whose matching time grows linearly with the input, whatever the pattern.

Every pattern that a flow or a MicroApp supplies (a `{"regex": ...}` input grammar, a
`RegExp(...)` in an expression, a glob in a flow test) is compiled here, by RE2, never by
Python's backtracking `re`. RE2 runs a pattern as an automaton, so `(a+)+$` on fifty thousand
a's takes about as long as `a+$`; no check of the pattern's text is needed to keep a node
responsive. The price is that RE2 cannot run what needs backtracking — backreferences (`\\1`)
and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`) — so such patterns are refused when compiled,
with a reason that names the construct. The memory a compiled pattern may use is capped too
(`MAX_PROGRAM_MEMORY`), so a pattern such as `(x{1000}){1000}` is refused rather than built.

Linear is not the same as cheap: when RE2's fast automaton (the DFA) gives up on a big
program, its fallback simulates every instruction of the program at every byte, so one search
costs up to the text's length times the program's size, more again when it copies many capture
groups. `search_units` and `search_units_per_byte` state that worst case, so that a caller can
charge it (or refuse the search) before RE2 starts: an RE2 call cannot be interrupted. Compiling costs too,
more than linearly in the program's size for some shapes, which is what the memory cap bounds.
"""

from __future__ import annotations

from typing import Any

import re2

MAX_PROGRAM_MEMORY = 1 << 20
"""Bytes RE2 may use for one compiled pattern; bigger patterns are refused. It caps a program
at about 66,000 instructions (`.{1,1000}` takes 22,000, a 100-character pattern a few hundred),
which RE2 compiles in well under 0.2 s whatever their shape; RE2's own default, 8 MiB, let a
500-character pattern take 3 s to compile."""

SEARCH_UNITS = 4_000
"""Work units (about a nanosecond each) for one search besides reading the text: the call from
Python, encoding the text and building the match (about 4 µs measured)."""

NFA_UNITS_PER_STEP = 2
"""Units for one program instruction at one byte of text in RE2's slowest search (measured at
up to 1.5 ns)."""

GROUPS_PER_EXTRA_UNIT = 2
"""Every 2 capture groups add a unit to each step: the slow search copies the capture positions
of its threads (measured at up to 0.5 ns per group and step)."""

CAPTURE_SETUP_UNITS = 4
"""Units per instruction and capture group that a search may spend on its first byte, where
every thread gets its own capture positions (measured at up to 3.6 ns)."""

LinearPattern = Any
"""A compiled RE2 pattern (`re2._Regexp`: search, match, fullmatch, finditer, groupindex)."""

_REASONS = (
    ("invalid perl operator: (?=", "lookahead assertions (?=...) cannot be matched in linear time"),
    ("invalid perl operator: (?!", "lookahead assertions (?!...) cannot be matched in linear time"),
    ("invalid perl operator: (?<=", "lookbehind assertions (?<=...) cannot be matched in linear time"),
    ("invalid perl operator: (?<!", "lookbehind assertions (?<!...) cannot be matched in linear time"),
    ("invalid perl operator: (?P", "named backreferences (?P=name) cannot be matched in linear time"),
    ("invalid perl operator: (?x", "the (?x) verbose flag is not supported"),
    ("invalid escape sequence: \\Z", "\\Z is not supported; write \\z for the end of the text"),
    ("pattern too large", "the pattern is too large to compile"),
    ("bad repetition operator", "a repetition is repeated again"),
)


class UnsupportedPattern(ValueError):
    """A pattern RE2 cannot compile: invalid, too large, or needing backtracking."""

    def __init__(self, pattern: str, reason: str) -> None:
        super().__init__(f"the pattern {pattern!r} cannot be used: {reason}")
        self.pattern = pattern
        self.reason = reason


def compile_linear(pattern: str, *, case_sensitive: bool = True) -> LinearPattern:
    """Compile `pattern` (RE2 syntax, close to Python's) or raise UnsupportedPattern."""
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_PROGRAM_MEMORY
    options.case_sensitive = case_sensitive
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        raise UnsupportedPattern(pattern, describe_error(error)) from None
    except UnicodeEncodeError:
        raise UnsupportedPattern(pattern, "it contains an unpaired surrogate character") from None


def search_units(program: LinearPattern) -> int:
    """Work units one search with `program` may cost, at worst, besides reading the text."""
    return SEARCH_UNITS + int(program.programsize) * int(program.groups) * CAPTURE_SETUP_UNITS


def search_units_per_byte(program: LinearPattern) -> int:
    """Work units each byte of text (UTF-8) may cost, at worst, one search with `program`."""
    return int(program.programsize) * (NFA_UNITS_PER_STEP + int(program.groups) // GROUPS_PER_EXTRA_UNIT)


def describe_error(error: Exception) -> str:
    """A reason a flow author can act on, from RE2's terse error text."""
    raw = error.args[0] if error.args else ""
    message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    for prefix, reason in _REASONS:
        if message.startswith(prefix):
            return reason
    if message.startswith("invalid escape sequence: \\") and message[-1:].isdigit():
        return f"backreferences ({message.rsplit(': ', 1)[-1]}) cannot be matched in linear time"
    if message.startswith("invalid named capture group"):
        return f"{message} (named groups are written (?P<name>...))"
    return message or "it is not a valid regular expression"
