"""Collecting DTMF keys for a `Collect`: when the caller has finished keying.

A menu whose keys are all one character is answered by the first key. Menus with longer keys
(`10`, `*9`) and inputs gather keys until the terminator, the maximum length, a key sequence no
option can continue, or the inter-digit timeout (run by the call). The digits go to the engine
as keyed, terminator included: the blocks strip it and check lengths and grammars themselves.
"""

from __future__ import annotations

from interpreter.engine.effects import Collect

DTMF_KEYS = frozenset("0123456789*#ABCD")


class DigitCollector:
    def __init__(self, collect: Collect):
        self.mode = collect.mode
        self.keys = tuple(option.key for option in collect.options)
        self.terminator = collect.terminator if collect.mode != "menu" else "#"
        self.max_length = collect.max_length
        self.digits = ""

    def add(self, digit: str) -> bool:
        """Take one key; True when the input is complete and should go to the engine."""
        if digit not in DTMF_KEYS:
            return False
        self.digits += digit
        if self.mode == "menu":
            return self._menu_complete()
        if self.terminator and digit == self.terminator:
            return True
        return self.max_length is not None and len(self.digits) >= self.max_length

    def _menu_complete(self) -> bool:
        if self.digits.endswith("#") and "#" not in self.keys:
            return True
        if len(self.digits) >= 32:
            return True
        longer = any(key != self.digits and key.startswith(self.digits) for key in self.keys)
        return not longer

    @property
    def started(self) -> bool:
        return bool(self.digits)
