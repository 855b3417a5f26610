"""JSON from outside the server, parsed so that it cannot hurt the code that handles it.

Python's parser accepts any nesting (until it hits the interpreter's recursion limit, a 500),
lone UTF-16 surrogates (`"\\ud800"`, which no database or UTF-8 encoder accepts) and NUL
characters (which PostgreSQL text and JSON columns refuse). Every request body the application
reads as JSON goes through `BoundedJSONProvider`, so these are refused with a 400 before any
view, schema or database sees them, and the depth every later step may rely on is bounded.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask.json.provider import DefaultJSONProvider

DEFAULT_MAX_DEPTH = 64
UNSTORABLE_CHARACTER = re.compile("[\x00\ud800-\udfff]")


class UntrustedJsonError(ValueError):
    """The text is JSON, but not JSON this application will process."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _check_text(text: str) -> None:
    if not text.isascii() or "\x00" in text:
        found = UNSTORABLE_CHARACTER.search(text)
        if found:
            what = "a NUL character" if found.group() == "\x00" else "a lone UTF-16 surrogate"
            raise UntrustedJsonError(f"A string in the JSON contains {what} "
                                     f"(U+{ord(found.group()):04X}); send valid Unicode text.",
                                     "invalid_text")


def check_value(value: Any, max_depth: int) -> None:
    """Raise `UntrustedJsonError` when `value` nests deeper than `max_depth` containers or holds
    a string (or key) with a NUL or a lone surrogate. Iterative: safe on any input."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            _check_text(item)
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > max_depth:
            raise UntrustedJsonError(f"The JSON is nested more than {max_depth} levels deep.",
                                     "json_too_deep")
        if isinstance(item, dict):
            for key, member in item.items():
                _check_text(key)
                pending.append((member, depth + 1))
        else:
            pending.extend((member, depth + 1) for member in item)


def loads_untrusted(text: str | bytes, max_depth: int = DEFAULT_MAX_DEPTH, **kwargs: Any) -> Any:
    """`json.loads` for untrusted text; every refusal is an `UntrustedJsonError` (a ValueError,
    as for text that is not JSON at all)."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise UntrustedJsonError(f"The JSON is nested more than {max_depth} levels deep.",
                                 "json_too_deep") from None
    check_value(value, max_depth)
    return value


class BoundedJSONProvider(DefaultJSONProvider):
    """The app's JSON provider: `loads` (what `request.get_json` uses) refuses what
    `check_value` refuses; the depth comes from the app's JSON_MAX_DEPTH setting."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        max_depth = int(self._app.config.get("JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH))
        return loads_untrusted(s, max_depth, **kwargs)
