"""Offline English recognition: the worker's pocketsphinx decoders behind the `Recognizer`
interface.

It is the project's `SpeechRecognizer`. A stream restricted to a grammar (a built-in input
grammar, a menu's phrases) takes a ready decoder for that grammar from the worker's pool when
it opens and decodes every piece of audio as it is fed (`decoder_pool.GrammarUtterance`), so
`finish()` at the end of speech has only the last frames and the search's final step left.
A free-form stream (no grammar) collects its audio and decodes it at the end with the
language model, taking turns on the one free-form decoder. The model in the pocketsphinx
wheel is US English: other languages are refused, the selection rule sends them to a cloud
provider.
"""

from __future__ import annotations

from runtime.voice.asr.base import (
    MAX_UTTERANCE_S,
    AsrError,
    BufferedStream,
    StreamRequest,
    Transcript,
)
from runtime.voice.asr.decoder_pool import CompiledGrammar, GrammarUtterance, confidence_of
from runtime.voice.asr.grammars import builtin_grammar, phrases_grammar
from runtime.voice.speech import SpeechRecognizer, _decode

NAME = "pocketsphinx"


def is_english(language: str) -> bool:
    return language.lower().replace("_", "-").split("-")[0] == "en"


class PocketsphinxRecognizer(SpeechRecognizer):
    """`SpeechRecognizer` that also opens `Recognizer` streams."""

    name = NAME

    def start(self, request: StreamRequest) -> PocketsphinxStream | FreeFormStream:
        if not is_english(request.language):
            raise AsrError(f"pocketsphinx recognises English only, not {request.language}")
        grammar = self.grammar_for(request)
        if grammar is None:
            return FreeFormStream(self, request)
        return PocketsphinxStream(self.grammars.start(grammar, request.rate), request)

    def close(self) -> None:
        """The decoders are freed with the object."""

    def grammar_for(self, request: StreamRequest) -> CompiledGrammar | None:
        """What the request restricts decoding to; None: free-form."""
        if request.phrases:
            return phrases_grammar(request.phrases, self.knows)
        return builtin_grammar(request.grammar or "", self.knows, request.min_length,
                               request.max_length)

    def decode_free_form(self, pcm: bytes, rate: int) -> list[Transcript]:
        with self._lock:
            self._decoder.activate_search(self._free_form)
            hypothesis = _decode(self._decoder, pcm, rate)
            if hypothesis is None:
                return []
            return [Transcript(hypothesis.hypstr.strip(), confidence_of(self._decoder, hypothesis))]


class PocketsphinxStream:
    """A grammar stream: decoding as the audio arrives."""

    def __init__(self, utterance: GrammarUtterance, request: StreamRequest):
        self.utterance = utterance
        self.request = request
        self.limit = MAX_UTTERANCE_S * request.rate * 2
        self._size = 0

    def feed(self, pcm: bytes) -> None:
        if self._size + len(pcm) > self.limit:
            self.utterance.abandon()
            raise AsrError(f"an utterance may last at most {MAX_UTTERANCE_S} s")
        self._size += len(pcm)
        self.utterance.feed(pcm)

    def finish(self) -> list[Transcript]:
        heard = self.utterance.finish()
        return [Transcript(heard.text, heard.confidence)] if heard is not None else []


class FreeFormStream(BufferedStream):
    def __init__(self, recognizer: PocketsphinxRecognizer, request: StreamRequest):
        super().__init__(request)
        self.recognizer = recognizer

    def recognize(self, pcm: bytes) -> list[Transcript]:
        return self.recognizer.decode_free_form(pcm, self.request.rate)
