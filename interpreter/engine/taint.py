"""Secure-derived values: a value computed from a secret is a secret too.

A variable declared `secure: true` holds a PIN or a card number, and recorders mask it. But a
flow can copy it (`Last4 = Card.slice(-4)`), reformat it (`PIN.slice(0,2) + '-' +
PIN.slice(2)`) or read it out digit by digit, and the copies must not leak where the original
is masked. So the engine tracks taint: compiled expressions and templates know the names they
read, and whatever is computed from a secure or already tainted variable is tainted:

- a variable assigned from such an expression (`assign`, module inputs and outputs) becomes
  secure for the rest of the session; the names are kept in the session state
  (`secure_derived`, per scope) so any host resumes with them;
- attached data set from such an expression is kept under `secure_data`;
- a rendered prompt part, a request and a bot turn built from such a value carry a `secure`
  flag, so every recorder masks them while the caller still hears or reads the real text.

This module holds the rules that need no engine internals: which compiled items read a
secret, and masking known secret texts in free text (error messages).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from interpreter.engine.errors import SessionStateError
from interpreter.expressions import UNDEFINED, to_js_string

MASK = "****"
MIN_SECRET_LENGTH = 2
"""Shorter secret texts are not masked in free text: masking every `1` hides nothing."""


def reads_any(names: Iterable[str] | None, secret_names: frozenset[str] | set[str]) -> bool:
    """Whether a compiled item reading `names` reads one of `secret_names`."""
    return bool(names) and bool(secret_names) and not secret_names.isdisjoint(names or ())


def names_of(item: Any) -> frozenset[str]:
    """The root names a compiled expression or template reads (empty for anything else)."""
    names = getattr(item, "names", None)
    return names if isinstance(names, frozenset) else frozenset()


def secret_texts(value: Any) -> Iterator[str]:
    """How a secret value can appear in text: as the flow prints it and escaped in JSON."""
    if value is None or value is UNDEFINED or isinstance(value, bool):
        return
    if isinstance(value, Mapping):
        for item in value.values():
            yield from secret_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from secret_texts(item)
    elif isinstance(value, str):
        yield value
        escaped = json.dumps(value, ensure_ascii=False)[1:-1]
        if escaped != value:
            yield escaped
    elif isinstance(value, int | float):
        try:
            yield to_js_string(float(value))
        except (TypeError, ValueError):
            return


def mask_texts(text: str, secrets: Iterable[str], mask: str = MASK) -> str:
    """`text` with every occurrence of a secret (longest first) replaced by `mask`."""
    found = sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
    for secret in found:
        text = text.replace(secret, mask)
    return text


def decode_names(value: Any, what: str) -> set[str]:
    """A saved list of names; anything else is a damaged state."""
    if value is None:
        return set()
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise SessionStateError(f"session state: '{what}' must be a list of names")
    return set(value)
