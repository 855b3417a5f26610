"""Keeps the values of secure variables out of every report a flow test produces.

A failure message quotes what the flow said, the requests it made and the keys a step
pressed; any of them can carry a PIN or a card number that the flow keeps in a `secure`
variable. Reports end up in CI logs and JUnit files, so each message is masked before it
leaves the case runner: every value a secure variable held (in the flow or in a module it
called) and every value the caller typed into a secure `input` becomes `****`. Values shorter
than two characters are left alone, since masking every `1` would garble the message and hide
nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from interpreter.expressions import to_js_string
from runtime.flowtests.values import MASK

MIN_MASKED_LENGTH = 2


class SecretValues:
    """The secret texts seen so far in one case, and the masking of reports with them."""

    def __init__(self) -> None:
        self._texts: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def add(self, value: Any) -> None:
        """Remember a flow value (text, number, or the texts and numbers inside a list or object)."""
        found = {text for text in _texts_of(value) if len(text) >= MIN_MASKED_LENGTH}
        if not found <= self._texts:
            self._texts |= found
            self._pattern = None

    def add_derived(self, text: str) -> None:
        """Remember a text computed from a secret, unless a known secret already masks it
        (`code 4242` reads better as `code ****` than as `****`)."""
        if not any(secret in text for secret in self._texts):
            self.add(text)

    def add_scope(self, scope: Mapping[str, Any], secure_names: Iterable[str]) -> None:
        """Remember the current values of the secure variables of one flow's scope."""
        for name in secure_names:
            if name in scope:
                self.add(scope[name])

    def mask(self, text: str) -> str:
        if not self._texts or not text:
            return text
        if self._pattern is None:
            longest_first = sorted(self._texts, key=lambda item: (-len(item), item))
            self._pattern = re.compile("|".join(map(re.escape, longest_first)))
        return self._pattern.sub(MASK, text)


def _texts_of(value: Any) -> Iterator[str]:
    """How a value can appear in a report: as the flow prints it, and escaped in JSON text."""
    if isinstance(value, str):
        yield value
        escaped = json.dumps(value, ensure_ascii=False)[1:-1]
        if escaped != value:
            yield escaped
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value):
            yield to_js_string(float(value))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts_of(item)
