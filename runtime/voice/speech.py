"""Spoken answers: pocketsphinx against a menu's own words, or free-form for bots.

Menu recognition is restricted to a JSGF grammar built from the options' keys, labels and
utterances (or one the block gives), which makes a small offline model good enough for
"balance" or "speak to a banker". An `input` block's answer is decoded the same way against
its built-in grammar (`runtime.voice.asr.grammars`: digit strings, number words, months,
weekdays, whole yes/no answers), and the transcript goes through the grammar's own text
matching; a `text` grammar is decoded free-form. Grammar decoding upsamples phone audio with
a low-pass filter first (`runtime.voice.asr.front_end`). A `bot` block's turn has no grammar:
it is decoded free-form with the language model of the same English model (`transcribe`), and
the audio is kept, so a bot that does its own speech recognition (Lex) gets the caller's voice
rather than this transcript. The model ships in the pocketsphinx wheel: nothing is downloaded.
"""

from __future__ import annotations

import re
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interpreter.engine.effects import MenuOption
from runtime.voice.asr.decoder_pool import CompiledGrammar, Decoded, GrammarDecoders
from runtime.voice.asr.grammars import GRAMMAR_WORDS as GRAMMAR_WORDS
from runtime.voice.asr.grammars import builtin_grammar, phrases_grammar, srgs_grammar
from runtime.voice.audio_files import Heard, samples_of

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
    """A worker's offline recogniser: grammar decoders from a pool, one free-form decoder.

    Menu phrases, built-in grammars and SRGS grammars are each decoded on a small decoder of
    their own, taken from `GrammarDecoders` for the utterance and given back after it, so
    utterances in several scheduler threads do not wait for one another. Free-form
    transcription (bot turns) needs the whole dictionary and the language model (some 66 MB):
    there is one such decoder, built at start-up (loading it stalls a loop for a few hundred
    milliseconds), and a lock takes turns on it.
    """

    def __init__(self, grammars: GrammarDecoders | None = None) -> None:
        from pocketsphinx import Decoder

        self.grammars = grammars or GrammarDecoders()
        self._decoder = Decoder(samprate=16000, loglevel="FATAL", bestpath=False, fwdflat=False)
        self._free_form = self._decoder.current_search()  # the language model's search
        self._lock = threading.Lock()

    def knows(self, word: str) -> bool:
        return self.grammars.lexicon.knows(word)

    def recognize(self, wav: Heard, phrases: Sequence[str]) -> Recognition | None:
        """The phrase heard in a recording, or None when nothing in the grammar was said."""
        if not phrases:
            return None
        return self._recognize(wav, phrases_grammar(phrases, self.knows))

    def recognize_words(self, wav: Heard, grammar: str, min_length: int | None = None,
                        max_length: int | None = None) -> Recognition | None:
        """What the caller said in the words of a built-in input grammar (free-form for
        `text`), with the decoder's confidence; None when it heard nothing it knows."""
        compiled = builtin_grammar(grammar, self.knows, min_length, max_length)
        if compiled is None:
            heard = self.transcribe(wav).text
            return Recognition(heard) if heard else None
        return self._recognize(wav, compiled)

    def recognize_srgs(self, wav: Heard, source: str) -> Recognition | None:
        """What the caller said in the words of an SRGS grammar (compiled to JSGF, words the
        model does not know left out); the engine reads the transcript with the grammar for
        its meaning. None when nothing in the grammar was heard."""
        return self._recognize(wav, srgs_grammar(source, self.knows))

    def _recognize(self, wav: Heard, grammar: CompiledGrammar) -> Recognition | None:
        frames, rate = samples_of(wav)
        heard: Decoded | None = self.grammars.decode(grammar, frames, rate)
        return Recognition(heard.text, heard.confidence) if heard else None

    def transcribe(self, wav: Heard) -> Utterance:
        """Whatever the caller said, free-form, with the recording's samples (for a bot)."""
        frames, rate = samples_of(wav)
        with self._lock:
            self._decoder.activate_search(self._free_form)
            hypothesis = _decode(self._decoder, frames, rate)
        return Utterance(frames, rate, hypothesis.hypstr.strip() if hypothesis else "")


def _decode(decoder: Any, frames: bytes, rate: int) -> Any:
    """The free-form decoder's best hypothesis for the samples, or None when it heard no
    words. The samples go in 50 ms at a time, so a scheduler thread decoding them gives the
    worker's loop its turn every few tens of milliseconds."""
    audio = upsample(frames) if rate == 8000 else frames
    decoder.start_utt()
    for offset in range(0, len(audio), DECODE_CHUNK):
        decoder.process_raw(audio[offset:offset + DECODE_CHUNK], full_utt=False)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    if hypothesis is None or not hypothesis.hypstr.strip():
        return None
    return hypothesis
