"""Grammar decoders kept ready, one utterance each at a time, decoding while audio arrives.

An utterance heard against a grammar (a built-in input grammar, a menu's phrases, an SRGS
grammar compiled to JSGF) takes a decoder from the pool for that grammar, or builds one (about
10 ms: it knows only the grammar's words, see `lexicon`), starts an utterance on it, and
decodes each piece of audio as it is fed, so at the end of speech only the last frames and
the search's final step remain. `finish()` gives the decoder back for the next utterance of
the same grammar; nothing is rebuilt per utterance.

Bounds: at most `MAX_ACTIVE` utterances decode at once per process (more is refused with
`AsrError`), at most `MAX_IDLE_PER_GRAMMAR` idle decoders are kept per grammar and at most
`MAX_GRAMMARS` grammars' decoders are kept (the least recently used go first). A grammar
whose JSGF pocketsphinx refuses is an `AsrError`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from runtime.voice.asr.base import AsrError
from runtime.voice.asr.front_end import PhoneFrontEnd
from runtime.voice.asr.lexicon import Lexicon, shared_lexicon

MAX_ACTIVE = 256
"""Utterances one process decodes at once (each holds a ~6 MB decoder)."""
MAX_IDLE_PER_GRAMMAR = 64
MAX_GRAMMARS = 32
SEARCH = "grammar"
PHONE_CMN_INIT = "48,7,-11,16,-6,-3,4,-10,1,-4,-1,3,-5"
"""Starting cepstral mean of a new decoder: typical of phone speech after `front_end` (the
model's own, 40,3,-1, is wideband speech's). The decoder updates it as it hears speech; the
pool hands the latest one heard to each decoder it builds, so a new decoder does not start
cold in the middle of a busy hour."""
DECODER_OPTIONS: dict[str, Any] = {
    "samprate": 16000,
    "loglevel": "FATAL",
    "lm": None,
    # one Viterbi pass over the grammar: the lattice passes cost time and, on small grammars
    # and phone audio, made the answers worse
    "bestpath": False,
    "fwdflat": False,
    # a grammar search needs far fewer active HMMs than dictation: this bound cut the CPU
    # per second of audio by about a seventh with the same answers on the benchmark's samples
    "maxhmmpf": 2000,
}


@dataclass(frozen=True, slots=True)
class CompiledGrammar:
    """A JSGF grammar and the words it uses (the decoder's whole dictionary)."""

    jsgf: str
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    confidence: float | None


class GrammarDecoders:
    """The process's grammar decoders (thread-safe)."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or shared_lexicon()
        self._idle: OrderedDict[CompiledGrammar, list[Any]] = OrderedDict()
        self._active = 0
        self._cmn = PHONE_CMN_INIT
        self._lock = threading.Lock()

    @property
    def active(self) -> int:
        return self._active

    def idle(self, grammar: CompiledGrammar) -> int:
        with self._lock:
            return len(self._idle.get(grammar, ()))

    def start(self, grammar: CompiledGrammar, rate: int) -> GrammarUtterance:
        """An utterance on a ready decoder for `grammar`, fed audio at `rate`."""
        return GrammarUtterance(self, grammar, rate)

    def decode(self, grammar: CompiledGrammar, pcm: bytes, rate: int) -> Decoded | None:
        """A whole recording at once (fed in 20 ms pieces, as a call's audio arrives)."""
        utterance = self.start(grammar, rate)
        step = rate * 2 // 50
        for offset in range(0, len(pcm), step):
            utterance.feed(pcm[offset:offset + step])
        return utterance.finish()

    def acquire(self, grammar: CompiledGrammar) -> Any:
        with self._lock:
            if self._active >= MAX_ACTIVE:
                raise AsrError(f"more than {MAX_ACTIVE} utterances are being recognised at "
                               "once in this process")
            self._active += 1
            ready = self._idle.get(grammar)
            if ready is not None:
                self._idle.move_to_end(grammar)
                if ready:
                    return ready.pop()
        try:
            return self._build(grammar)
        except BaseException:
            with self._lock:
                self._active -= 1
            raise

    def release(self, grammar: CompiledGrammar, decoder: Any | None,
                heard_speech: bool = False) -> None:
        """`decoder` back in the pool (None: it was lost to an error, only the count drops);
        after an utterance in which it heard words, its cepstral mean starts new decoders."""
        cmn = decoder.get_cmn() if decoder is not None and heard_speech else None
        with self._lock:
            if cmn:
                self._cmn = cmn
            self._active -= 1
            if decoder is None:
                return
            ready = self._idle.setdefault(grammar, [])
            self._idle.move_to_end(grammar)
            if len(ready) < MAX_IDLE_PER_GRAMMAR:
                ready.append(decoder)
            while len(self._idle) > MAX_GRAMMARS:
                self._idle.popitem(last=False)

    def _build(self, grammar: CompiledGrammar) -> Any:
        from pocketsphinx import Decoder

        handle, path = tempfile.mkstemp(prefix="grammar-", suffix=".dict")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(self.lexicon.dictionary_text(grammar.words))
            decoder = Decoder(dict=path, **DECODER_OPTIONS)
        finally:
            os.unlink(path)
        decoder.set_cmn(self._cmn)
        try:
            decoder.add_jsgf_string(SEARCH, grammar.jsgf)
        except (RuntimeError, ValueError) as exc:
            raise AsrError(f"the speech grammar could not be compiled: {exc}") from None
        decoder.activate_search(SEARCH)
        return decoder


class GrammarUtterance:
    """One utterance decoding on a pooled decoder; `finish()` (or `abandon()`) returns it."""

    def __init__(self, pool: GrammarDecoders, grammar: CompiledGrammar, rate: int):
        self.pool = pool
        self.grammar = grammar
        self.front_end = PhoneFrontEnd(rate)
        self._decoder: Any | None = pool.acquire(grammar)
        try:
            self._decoder.start_utt()
        except RuntimeError as exc:
            self._decoder = None
            pool.release(grammar, None)
            raise AsrError(f"pocketsphinx could not start an utterance: {exc}") from None

    def __del__(self) -> None:
        if getattr(self, "_decoder", None) is not None:
            self.abandon()

    def feed(self, pcm: bytes) -> None:
        decoder = self._running()
        audio = self.front_end.process(pcm)
        if audio:
            self._process(decoder, audio)

    def finish(self) -> Decoded | None:
        decoder = self._running()
        try:
            decoder.end_utt()
            hypothesis = decoder.hyp()
            heard = None
            if hypothesis is not None and hypothesis.hypstr.strip():
                heard = Decoded(hypothesis.hypstr.strip(), confidence_of(decoder, hypothesis))
        except BaseException:
            self._decoder = None
            self.pool.release(self.grammar, None)
            raise
        self._decoder = None
        self.pool.release(self.grammar, decoder, heard_speech=heard is not None)
        return heard

    def abandon(self) -> None:
        """Give the decoder back without an answer (a stream that failed or was dropped)."""
        decoder, self._decoder = self._decoder, None
        if decoder is None:
            return
        try:
            decoder.end_utt()
        except RuntimeError:
            decoder = None
        self.pool.release(self.grammar, decoder)

    def _running(self) -> Any:
        if self._decoder is None:
            raise AsrError("the utterance has already ended")
        return self._decoder

    def _process(self, decoder: Any, audio: bytes) -> None:
        try:
            decoder.process_raw(audio, full_utt=False)
        except RuntimeError as exc:
            self.abandon()
            raise AsrError(f"pocketsphinx could not decode the audio: {exc}") from None


def confidence_of(decoder: Any, hypothesis: Any) -> float | None:
    try:
        return min(float(decoder.get_logmath().exp(hypothesis.prob)), 1.0)
    except (AttributeError, TypeError, ValueError):
        return None
