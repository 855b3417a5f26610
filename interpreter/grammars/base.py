"""The shape every input grammar shares, so the `input` block can treat them alike.

A grammar turns what a caller keyed or a visitor typed into a normalised, JSON-friendly value,
or says briefly why it could not. The steps common to all grammars live here: the input size
cap, trimming chat text, and the `min_length` / `max_length` checks. Each grammar only says how
it reads voice (DTMF) and chat input and, if it differs, what "length" means for it.
"""

from __future__ import annotations

import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

Channel = Literal["voice", "chat"]
CHANNELS: tuple[Channel, ...] = ("voice", "chat")

MAX_INPUT_LENGTH = 1000
"""Longer input never matches; it also bounds the work a user-written regex can cause."""

ASCII_DIGITS = frozenset("0123456789")


class GrammarSpecError(ValueError):
    """A grammar in a flow cannot be used: an unknown name, a bad or unsafe regex."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class GrammarMatch:
    """The outcome of matching one input against one grammar."""

    matched: bool
    value: Any = None
    reason: str | None = None


def no_match(reason: str) -> GrammarMatch:
    return GrammarMatch(False, None, reason)


def matched(value: Any) -> GrammarMatch:
    return GrammarMatch(True, value)


def fold_chat_text(text: str) -> str:
    """Full-width digits and letters to ASCII, runs of whitespace to one space, lower case."""
    folded = unicodedata.normalize("NFKC", text)
    return " ".join(folded.split()).lower()


def count_digits(text: str) -> int:
    return sum(1 for char in text if char in ASCII_DIGITS)


class Grammar(ABC):
    """A compiled grammar: immutable, safe to share between sessions."""

    name: ClassVar[str]

    def match(
        self,
        raw: str,
        channel: Channel,
        *,
        min_length: int | None = None,
        max_length: int | None = None,
        today: date | None = None,
        language: str = "en",
    ) -> GrammarMatch:
        """Read `raw` as this grammar on `channel`; never raises for any string input.

        `raw` on voice is the DTMF string without its terminator; on chat it is the text the
        visitor sent (or the transcript of what a caller said), which is trimmed first.
        `today` lets relative dates ("tomorrow") resolve; `language` (the session's, e.g.
        "es-US") says which words mean yes, numbers, months and days.
        """
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}; expected 'voice' or 'chat'")
        if len(raw) > MAX_INPUT_LENGTH:
            return no_match("too long")
        text = raw if channel == "voice" else raw.strip()
        if not text:
            return no_match("empty")
        voice = channel == "voice"
        result = self.match_voice(text) if voice else self.match_chat(text, today, language)
        if not result.matched:
            return result
        length = self.length_of(text, result.value)
        if min_length is not None and length < min_length:
            return no_match("too short")
        if max_length is not None and length > max_length:
            return no_match("too long")
        return result

    @abstractmethod
    def match_voice(self, keys: str) -> GrammarMatch:
        """Read a non-empty DTMF string."""

    @abstractmethod
    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        """Read non-empty, trimmed chat text (or a transcript) in `language`."""

    def length_of(self, text: str, value: Any) -> int:
        """What `min_length` / `max_length` count: characters (DTMF keys on voice)."""
        return len(text)
