"""Reading slot values out of an utterance.

Built-in types reuse the `input` block's grammars (`interpreter.grammars`), tried on every
window of up to a few words, longest first, so "book it for 25 Nov 2026 at 3 pm" yields a date
and a time. Dates also accept a weekday ("on friday") and a day without a year ("december 3rd")
as the next such day. Custom types match their values and synonyms with rapidfuzz, so "savngs"
still means savings; phrases of three letters or fewer must match exactly. A span of words
fills at most one slot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz, process

from interpreter.grammars import compile_grammar
from runtime.bots.native.model import NativeBot, Slot

MAX_WINDOW = 6
_EDGE_PUNCTUATION = "?!,;:.\"'()[]"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_LEADS = ("next", "this", "on", "coming")
_TYPE_ORDER = ("custom", "date", "time", "currency", "phone", "digits", "number", "boolean")


@dataclass(frozen=True)
class SlotMatch:
    value: Any
    original: str
    start: int
    stop: int


def words_of(text: str) -> list[str]:
    words = (word.strip(_EDGE_PUNCTUATION) for word in text.split())
    return [word for word in words if word]


def display(value: Any) -> str:
    """How a slot value reads inside a reply."""
    if isinstance(value, Mapping) and {"amount", "currency"} <= set(value):
        return f"{value['amount']} {value['currency']}"
    return str(value)


class SlotReader:
    """Finds slot values for one bot; `today` resolves relative dates."""

    def __init__(self, bot: NativeBot, today: Callable[[], date] = date.today):
        self.bot = bot
        self.today = today
        self._choices: dict[str, tuple[list[str], list[str]]] = {}
        for name, slot_type in bot.slot_types.items():
            phrases: list[str] = []
            values: list[str] = []
            for item in slot_type.values:
                for phrase in (item.value, *item.synonyms):
                    phrases.append(" ".join(words_of(phrase.lower())))
                    values.append(item.value)
            self._choices[name] = (phrases, values)

    def read(self, slots: Iterable[Slot], text: str) -> dict[str, SlotMatch]:
        """Values for as many of `slots` as the utterance holds, without sharing words."""
        words = words_of(text)
        taken: set[int] = set()
        found: dict[str, SlotMatch] = {}
        for slot in sorted(slots, key=self._order):
            match = self.find(slot, words, taken)
            if match is not None:
                found[slot.name] = match
                taken.update(range(match.start, match.stop))
        return found

    def answer(self, slot: Slot, text: str) -> SlotMatch | None:
        """The value of `slot` in a reply to its prompt: a `text` slot takes the whole reply."""
        if slot.type == "text":
            reply = " ".join(text.split())
            return SlotMatch(reply, reply, 0, len(words_of(text))) if reply else None
        return self.find(slot, words_of(text), set())

    def find(self, slot: Slot, words: list[str], taken: set[int]) -> SlotMatch | None:
        if slot.type == "text":
            return None
        if slot.type in self._choices:
            return self._fuzzy(slot.type, words, taken)
        return self._grammar(slot.type, words, taken)

    def _order(self, slot: Slot) -> int:
        kind = "custom" if slot.type in self._choices else slot.type
        return _TYPE_ORDER.index(kind) if kind in _TYPE_ORDER else len(_TYPE_ORDER)

    def _fuzzy(self, type_name: str, words: list[str], taken: set[int]) -> SlotMatch | None:
        phrases, values = self._choices[type_name]
        longest = min(MAX_WINDOW, max(len(phrase.split()) for phrase in phrases) + 1)
        windows = [(start, start + size) for size in range(1, longest + 1)
                   for start in range(len(words) - size + 1)
                   if not taken.intersection(range(start, start + size))]
        if not windows:
            return None
        texts = [" ".join(words[start:stop]).lower() for start, stop in windows]
        scores = process.cdist(texts, phrases, scorer=fuzz.ratio,
                               score_cutoff=self.bot.fuzzy_threshold, workers=1)
        best: tuple[float, int, int, int, int] | None = None
        for row, (start, stop) in enumerate(windows):
            for column, phrase in enumerate(phrases):
                score = float(scores[row, column])
                if score <= 0 or (len(phrase) <= 3 and texts[row] != phrase):
                    continue
                candidate = (score, stop - start, -start, row, column)
                if best is None or candidate > best:
                    best = candidate
        if best is None:
            return None
        start, stop = windows[best[3]]
        return SlotMatch(values[best[4]], " ".join(words[start:stop]), start, stop)

    def _grammar(self, type_name: str, words: list[str], taken: set[int]) -> SlotMatch | None:
        grammar = compile_grammar(type_name)
        today = self.today()
        for size in range(min(MAX_WINDOW, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                stop = start + size
                if taken.intersection(range(start, stop)):
                    continue
                window = " ".join(words[start:stop])
                result = grammar.match(window, "chat", today=today)
                value = result.value if result.matched else None
                if value is None and type_name == "date":
                    value = loose_date(window, today)
                if value is not None:
                    return SlotMatch(value, window, start, stop)
        return None


def loose_date(text: str, today: date) -> str | None:
    """A weekday or a day without its year, as the next such date on or after `today`."""
    words = text.lower().split()
    if words and words[0] in _DATE_LEADS:
        words = words[1:]
    if len(words) == 1 and words[0] in _WEEKDAYS:
        ahead = (_WEEKDAYS.index(words[0]) - today.weekday()) % 7 or 7
        return (today + timedelta(days=ahead)).isoformat()
    if not 2 <= len(words) <= 3 or not any(re.fullmatch(r"[0-9]{1,2}(st|nd|rd|th)?", w)
                                           for w in words):
        return None
    grammar = compile_grammar("date")
    for year in (today.year, today.year + 1):
        result = grammar.match(f"{' '.join(words)} {year}", "chat")
        if result.matched and result.value >= today.isoformat():
            return str(result.value)
    return None
