"""The English model's pronouncing dictionary, for building small grammar decoders.

A decoder loaded with the whole dictionary (some 135 000 words) takes about 28 MB and 0.1 s
to build; one that knows only its grammar's words takes about 6 MB and 10 ms, which is what
lets a worker keep a decoder per concurrent utterance. The dictionary file ships in the
pocketsphinx wheel; it is read once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path


def model_dictionary() -> Path:
    from pocketsphinx import get_model_path

    return Path(get_model_path()) / "en-us" / "cmudict-en-us.dict"


class Lexicon:
    """Pronunciations by word (every variant: "zero", "zero(2)")."""

    def __init__(self, path: Path | None = None):
        self._entries: dict[str, list[str]] = {}
        source = path or model_dictionary()
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                head, _, phones = line.strip().partition(" ")
                if not phones:
                    continue
                word = head.split("(", 1)[0]
                self._entries.setdefault(word, []).append(f"{head} {phones.strip()}")

    def knows(self, word: str) -> bool:
        return word in self._entries

    def dictionary_text(self, words: Iterable[str]) -> str:
        """A dictionary file's text with `words`' pronunciations (unknown words left out)."""
        lines: list[str] = []
        for word in sorted(set(words)):
            lines.extend(self._entries.get(word, ()))
        return "\n".join(lines) + "\n"


_SHARED: Lexicon | None = None
_SHARED_LOCK = threading.Lock()


def shared_lexicon() -> Lexicon:
    """The process's one copy of the model's dictionary."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Lexicon()
        return _SHARED
