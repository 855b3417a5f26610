"""Text matching for flow-test expectations: `*` is any run of characters, `?` one character.

Everything else is literal, brackets included, because prompts often contain them
("Press [1] for sales"). `fnmatch` treats `[...]` as a character class, so it is not used.
Globs come from flow tests, MicroApp packages included, so they are matched by RE2
(`interpreter.linear_regex`): `*a*a*a*a*b` against a long prompt takes linear time, where a
backtracking engine would take the fifth power of its length.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from interpreter.linear_regex import compile_linear

_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> Any:
    """The regular expression that matches exactly what `pattern` matches, whole text only."""
    parts: list[str] = []
    for char in pattern:
        if char == "*":
            if not parts or parts[-1] != ".*":
                parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(char if char.isalnum() else f"\\x{{{ord(char):x}}}")
    return compile_linear("(?s)" + "".join(parts))


def glob_match(pattern: str, text: str | None) -> bool:
    """True when the whole of `text` matches `pattern` (case-sensitive)."""
    if text is None:
        return False
    return glob_regex(_without_surrogates(pattern)).fullmatch(_without_surrogates(text)) is not None


def _without_surrogates(text: str) -> str:
    """RE2 reads UTF-8, which has no unpaired surrogates: stand U+FFFD in for each."""
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


def has_wildcards(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern
