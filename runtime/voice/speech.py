"""Spoken answers: pocketsphinx against a menu's own words, or free-form for bots.

Menu recognition is restricted to a JSGF grammar built from the options' keys, labels and
utterances (or one the block gives), which makes a small offline model good enough for
"balance" or "speak to a banker". An `input` block's answer is decoded the same way against the
words its built-in grammar reads (`GRAMMAR_WORDS`: digits, number words, months, weekdays, yes
and no), any number of them in a row, and the transcript goes through the grammar's own text
matching; a `text` grammar is decoded free-form. A `bot` block's turn has no grammar: it is decoded free-form
with the language model of the same English model (`transcribe`), and the audio is kept, so a
bot that does its own speech recognition (Lex) gets the caller's voice rather than this
transcript. The model ships in the pocketsphinx wheel: nothing is downloaded. Phone audio
(8 kHz) is upsampled to the model's 16 kHz before decoding.
"""

from __future__ import annotations

import re
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interpreter.engine.effects import MenuOption
from interpreter.grammars.srgs import parse_srgs, to_jsgf
from runtime.voice.audio_files import read_recording

DECODE_CHUNK = 1600
"""Bytes of 16 kHz samples handed to the decoder per call (50 ms)."""


@dataclass(frozen=True, slots=True)
class Recognition:
    text: str
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Utterance:
    """A caller's spoken turn: the samples as recorded (16-bit mono PCM) and their transcript
    ("" when the decoder made nothing of them)."""

    pcm: bytes = field(repr=False)
    rate: int
    text: str

    @property
    def duration_ms(self) -> int:
        return len(self.pcm) * 1000 // (2 * self.rate) if self.rate else 0


def phrases_of(options: Sequence[MenuOption]) -> list[str]:
    phrases: list[str] = []
    for option in options:
        for phrase in (option.label, *option.utterances):
            cleaned = " ".join(re.sub(r"[^a-z' ]", " ", phrase.lower()).split())
            if cleaned and cleaned not in phrases:
                phrases.append(cleaned)
    return phrases


_DIGITS = ("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBERS = (*_DIGITS, "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
            "seventy", "eighty", "ninety", "hundred", "thousand", "and", "a", "minus", "point")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth")
_CALENDAR = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "yesterday",
             "next", "this", "last", "the", "of", "on")
GRAMMAR_WORDS: dict[str, tuple[str, ...]] = {
    "digits": _DIGITS,
    "phone": (*_DIGITS, "plus"),
    "number": _NUMBERS,
    "currency": (*_NUMBERS, "dollars", "dollar", "euros", "euro", "pounds", "cents"),
    "date": (*_NUMBERS, *_ORDINALS, *_CALENDAR),
    "time": (*_NUMBERS, "o'clock", "a.m.", "p.m.", "noon", "midnight", "at"),
    "boolean": ("yes", "no", "yeah", "yep", "nope", "correct", "right", "wrong", "sure",
                "okay", "that's", "not"),
}
"""English words pocketsphinx listens for per built-in grammar (a `text` grammar: any)."""


MAX_COUNTED_DIGITS = 20
"""Digit strings up to this length are decoded as exactly min..max digits (more accurate)."""


def words_jsgf(words: Sequence[str], counts: tuple[int, int] | None = None) -> str:
    """A JSGF grammar for one or more of `words` in a row ("four eight two one"), or for
    `counts` = (fewest, most) of them when the input block bounds its length."""
    choices = " | ".join(words) if words else "<NULL>"
    answer = "<word>+"
    if counts is not None:
        answer = " | ".join(" ".join(["<word>"] * count)
                            for count in range(counts[0], counts[1] + 1))
    return (f"#JSGF V1.0;\ngrammar words;\n<word> = {choices};\n"
            f"public <answer> = ( {answer} );\n")


def digit_counts(grammar: str, min_length: int | None,
                 max_length: int | None) -> tuple[int, int] | None:
    """How many digit words to listen for, when a digits grammar's length is bounded."""
    if grammar != "digits" or max_length is None or max_length > MAX_COUNTED_DIGITS:
        return None
    return max(min_length or 1, 1), max_length


def jsgf_for(phrases: Sequence[str]) -> str:
    choices = " | ".join(phrases) if phrases else "<NULL>"
    return f"#JSGF V1.0;\ngrammar menu;\npublic <answer> = {choices};\n"


def upsample(frames: bytes) -> bytes:
    """8 kHz → 16 kHz by linear interpolation (enough for a 16 kHz acoustic model)."""
    count = len(frames) // 2
    if count == 0:
        return b""
    samples = struct.unpack(f"<{count}h", frames[: count * 2])
    out: list[int] = []
    for index, value in enumerate(samples):
        following = samples[index + 1] if index + 1 < count else value
        out.append(value)
        out.append((value + following) // 2)
    return struct.pack(f"<{len(out)}h", *out)


class SpeechRecognizer:
    """One decoder per worker, built at start-up, used by one utterance at a time.

    pocketsphinx holds the GIL while it decodes, so decoders in several threads would not run
    in parallel anyway, and building one (loading the model) stalls the worker's loop for a few
    hundred milliseconds: the decoder is built once, here, and a lock takes turns. Grammars are
    swapped in per utterance.
    """

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self._decoder = Decoder(samprate=16000, loglevel="FATAL", bestpath=False, fwdflat=False)
        self._free_form = self._decoder.current_search()  # the language model's search
        self._lock = threading.Lock()

    def recognize(self, wav: Path, phrases: Sequence[str]) -> Recognition | None:
        """The phrase heard in a recording, or None when nothing in the grammar was said."""
        if not phrases:
            return None
        return self._recognize(wav, "menu", jsgf_for(phrases))

    def recognize_words(self, wav: Path, grammar: str, min_length: int | None = None,
                        max_length: int | None = None) -> Recognition | None:
        """What the caller said in the words of a built-in input grammar (free-form for
        `text`), with the decoder's confidence; None when it heard nothing it knows."""
        words = GRAMMAR_WORDS.get(grammar)
        if words is None:
            heard = self.transcribe(wav).text
            return Recognition(heard) if heard else None
        with self._lock:
            known = [word for word in words if self._decoder.lookup_word(word) is not None]
        counts = digit_counts(grammar, min_length, max_length)
        return self._recognize(wav, f"words_{grammar}", words_jsgf(known, counts))

    def recognize_srgs(self, wav: Path, source: str) -> Recognition | None:
        """What the caller said in the words of an SRGS grammar (compiled to JSGF, words the
        model does not know left out); the engine reads the transcript with the grammar for
        its meaning. None when nothing in the grammar was heard."""
        grammar = parse_srgs(source)
        with self._lock:
            jsgf = to_jsgf(grammar, lambda word: self._decoder.lookup_word(word) is not None)
        return self._recognize(wav, "srgs", jsgf)

    def _recognize(self, wav: Path, name: str, jsgf: str) -> Recognition | None:
        frames, rate = read_recording(wav)
        decoder = self._decoder
        with self._lock:
            decoder.add_jsgf_string(name, jsgf)
            decoder.activate_search(name)
            hypothesis = _decode(decoder, frames, rate)
            if hypothesis is None:
                return None
            confidence = None
            try:
                confidence = min(float(decoder.get_logmath().exp(hypothesis.prob)), 1.0)
            except (AttributeError, TypeError, ValueError):
                confidence = None
            return Recognition(hypothesis.hypstr.strip(), confidence)

    def transcribe(self, wav: Path) -> Utterance:
        """Whatever the caller said, free-form, with the recording's samples (for a bot)."""
        frames, rate = read_recording(wav)
        with self._lock:
            self._decoder.activate_search(self._free_form)
            hypothesis = _decode(self._decoder, frames, rate)
        return Utterance(frames, rate, hypothesis.hypstr.strip() if hypothesis else "")


def _decode(decoder: Any, frames: bytes, rate: int) -> Any:
    """The decoder's best hypothesis for the samples, or None when it heard no words.

    The samples go in 50 ms at a time: pocketsphinx holds the GIL for as long as one call
    decodes, and a whole utterance takes a second or more, which would stall the worker's
    loop (every call's timers and SIP) that long. Fed in pieces, the loop gets its turn every
    few tens of milliseconds. (Decoding piece by piece normalises the signal with a running
    estimate, as live decoding does, instead of the whole utterance's; menu answers were
    recognised the same in our samples.)
    """
    audio = upsample(frames) if rate == 8000 else frames
    decoder.start_utt()
    for offset in range(0, len(audio), DECODE_CHUNK):
        decoder.process_raw(audio[offset:offset + DECODE_CHUNK], full_utt=False)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    if hypothesis is None or not hypothesis.hypstr.strip():
        return None
    return hypothesis
