"""Text matching for flow-test expectations: `*` is any run of characters, `?` one character.

Everything else is literal, brackets included, because prompts often contain them
("Press [1] for sales"). `fnmatch` treats `[...]` as a character class, so it is not used.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression that matches exactly what `pattern` matches, whole text only."""
    parts: list[str] = []
    for char in pattern:
        if char == "*":
            if not parts or parts[-1] != ".*":
                parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def glob_match(pattern: str, text: str | None) -> bool:
    """True when the whole of `text` matches `pattern` (case-sensitive)."""
    if text is None:
        return False
    return glob_regex(pattern).fullmatch(text) is not None


def has_wildcards(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern
