"""Offline English recognition: the worker's pocketsphinx decoder behind the `Recognizer`
interface.

It is the project's `SpeechRecognizer` (one decoder per process, built once, a lock taking
turns), so a stream collects its audio and decodes it at the end of speech, restricted to the
request's built-in grammar words, to a menu's phrases, or free-form with the language model.
The model in the pocketsphinx wheel is US English: other languages are refused, the
selection rule sends them to a cloud provider.
"""

from __future__ import annotations

from runtime.voice.asr.base import AsrError, BufferedStream, StreamRequest, Transcript
from runtime.voice.speech import (
    GRAMMAR_WORDS,
    SpeechRecognizer,
    _decode,
    digit_counts,
    jsgf_for,
    words_jsgf,
)

NAME = "pocketsphinx"


def is_english(language: str) -> bool:
    return language.lower().replace("_", "-").split("-")[0] == "en"


class PocketsphinxRecognizer(SpeechRecognizer):
    """`SpeechRecognizer` that also opens `Recognizer` streams."""

    name = NAME

    def start(self, request: StreamRequest) -> PocketsphinxStream:
        if not is_english(request.language):
            raise AsrError(f"pocketsphinx recognises English only, not {request.language}")
        return PocketsphinxStream(self, request)

    def close(self) -> None:
        """The decoder is freed with the object."""

    def decode(self, pcm: bytes, request: StreamRequest) -> list[Transcript]:
        """The best hypothesis for the samples under the request's grammar, or []."""
        decoder = self._decoder
        with self._lock:
            jsgf = self._grammar(request)
            if jsgf is None:
                decoder.activate_search(self._free_form)
            else:
                decoder.add_jsgf_string("stream", jsgf)
                decoder.activate_search("stream")
            hypothesis = _decode(decoder, pcm, request.rate)
            if hypothesis is None:
                return []
            try:
                confidence: float | None = min(
                    float(decoder.get_logmath().exp(hypothesis.prob)), 1.0)
            except (AttributeError, TypeError, ValueError):
                confidence = None
            return [Transcript(hypothesis.hypstr.strip(), confidence)]

    def _grammar(self, request: StreamRequest) -> str | None:
        """The JSGF the request restricts decoding to; None: free-form (called locked)."""
        if request.phrases:
            return jsgf_for(request.phrases)
        words = GRAMMAR_WORDS.get(request.grammar or "")
        if words is None:
            return None
        known = [word for word in words if self._decoder.lookup_word(word) is not None]
        counts = digit_counts(request.grammar or "", request.min_length, request.max_length)
        return words_jsgf(known, counts)


class PocketsphinxStream(BufferedStream):
    def __init__(self, recognizer: PocketsphinxRecognizer, request: StreamRequest):
        super().__init__(request)
        self.recognizer = recognizer

    def recognize(self, pcm: bytes) -> list[Transcript]:
        return self.recognizer.decode(pcm, self.request)
