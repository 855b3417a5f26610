"""Spoken answers: pocketsphinx against a menu's own words, or free-form for bots.

Menu recognition is restricted to a JSGF grammar built from the options' keys, labels and
utterances (or one the block gives), which makes a small offline model good enough for
"balance" or "speak to a banker". A `bot` block's turn has no grammar: it is decoded free-form
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interpreter.engine.effects import MenuOption
from runtime.voice.audio_files import read_recording


@dataclass(frozen=True, slots=True)
class Recognition:
    text: str
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Utterance:
    """A caller's spoken turn: the samples as recorded (16-bit mono PCM) and their transcript
    ("" when the decoder made nothing of them)."""

    pcm: bytes
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
    """One decoder per grammar is expensive, so decoders are built per thread and the grammar
    is swapped in per utterance."""

    def __init__(self) -> None:
        import pocketsphinx  # noqa: F401  (fail at start-up, not on the first call)

        self._local = threading.local()

    def _decoder(self) -> Any:
        decoder = getattr(self._local, "decoder", None)
        if decoder is None:
            from pocketsphinx import Decoder

            decoder = Decoder(samprate=16000, loglevel="FATAL", bestpath=False, fwdflat=False)
            self._local.decoder = decoder
            self._local.free_form = decoder.current_search()  # the language model's search
        return decoder

    def recognize(self, wav: Path, phrases: Sequence[str]) -> Recognition | None:
        """The phrase heard in a recording, or None when nothing in the grammar was said."""
        if not phrases:
            return None
        frames, rate = read_recording(wav)
        decoder = self._decoder()
        decoder.add_jsgf_string("menu", jsgf_for(phrases))
        decoder.activate_search("menu")
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
        decoder = self._decoder()
        decoder.activate_search(self._local.free_form)
        hypothesis = _decode(decoder, frames, rate)
        return Utterance(frames, rate, hypothesis.hypstr.strip() if hypothesis else "")


def _decode(decoder: Any, frames: bytes, rate: int) -> Any:
    """The decoder's best hypothesis for the samples, or None when it heard no words."""
    decoder.start_utt()
    decoder.process_raw(upsample(frames) if rate == 8000 else frames, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    if hypothesis is None or not hypothesis.hypstr.strip():
        return None
    return hypothesis
