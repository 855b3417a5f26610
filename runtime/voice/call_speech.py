"""Which recogniser decodes a call's spoken answer: the session language picks it.

A call's `InputHandler` asks `speech_for(services, language)` when a `Collect` starts. English
(and any language the voice settings' `asr_routes` send to pocketsphinx) gets the worker's one
offline decoder, exactly as before the providers existed: menu phrases, a built-in grammar's
words and SRGS grammars are decoded against JSGF. Another language gets a `CloudSpeech` for it,
which streams the recorded answer to the provider its route names (Google Speech-to-Text,
Amazon Transcribe) with the grammar's words or the menu's phrases as hints. A language with no
route gets no speech at all (keys still work), rather than the English model guessing.

The `CloudSpeech` methods mirror `SpeechRecognizer`'s and, like them, block: the handler runs
them as scheduler jobs, so building a provider's client or reading its Bot Registry entry (a
database read in the Designer) never stalls the worker's loop.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from interpreter.grammars.srgs import parse_srgs, to_jsgf
from runtime.bots.registry import DefinitionSource
from runtime.voice.asr.base import SAMPLE_RATES, AsrError, StreamRequest, Transcript
from runtime.voice.asr.pocketsphinx import NAME as POCKETSPHINX
from runtime.voice.asr.pocketsphinx import PocketsphinxRecognizer
from runtime.voice.asr.selection import AsrSelector, parse_routes, route_for
from runtime.voice.audio_files import Heard, samples_of
from runtime.voice.settings import VoiceSettings
from runtime.voice.speech import GRAMMAR_WORDS, Recognition, SpeechRecognizer, Utterance

if TYPE_CHECKING:
    from runtime.voice.call_session import CallServices

log = logging.getLogger(__name__)
FEED_MS = 100
"""Audio handed to a cloud stream per `feed` (the size a live stream would send)."""


class CallRecognizer(Protocol):
    """What `InputHandler` decodes with (`SpeechRecognizer` and `CloudSpeech` both are)."""

    def recognize(self, wav: Heard, phrases: Sequence[str]) -> Recognition | None: ...

    def recognize_words(self, wav: Heard, grammar: str, min_length: int | None = None,
                        max_length: int | None = None) -> Recognition | None: ...

    def recognize_srgs(self, wav: Heard, source: str) -> Recognition | None: ...

    def transcribe(self, wav: Heard) -> Utterance: ...


def speech_for(services: CallServices, language: str) -> CallRecognizer | None:
    """The recogniser for a collect in `language`; None: this call does not listen."""
    selector = getattr(services, "asr", None)
    if selector is None:
        return services.recognizer
    try:
        route = route_for(selector.routes, language)
    except AsrError as exc:
        log.warning("voice: no speech recognition for this collect: %s", exc)
        return None
    if route.provider == POCKETSPHINX:
        return services.recognizer
    return CloudSpeech(selector, language)


def open_speech(settings: VoiceSettings, source: Any
                ) -> tuple[SpeechRecognizer | None, AsrSelector | None]:
    """A worker's offline decoder (built now: loading the model stalls a loop) and the
    selector over the settings' `asr_routes` (checked now: a wrong route stops the worker
    with `ValueError`); (None, None) when the settings turn speech off."""
    if not settings.speech:
        return None, None
    routes = parse_routes(settings.asr_routes)
    offline = PocketsphinxRecognizer()
    return offline, AsrSelector(routes, registry_of(source), offline=lambda: offline)


def registry_of(source: Any) -> DefinitionSource | None:
    """Where a flow source keeps the Bot Registry entries (cloud ASR credentials): its
    `speech_definitions()`, else the registry behind its file-configured bots."""
    speech_definitions = getattr(source, "speech_definitions", None)
    if callable(speech_definitions):
        definitions: DefinitionSource | None = speech_definitions()
        return definitions
    return getattr(getattr(source, "bots", None), "source", None)


class CloudSpeech:
    """A recorded answer in one language, recognised by that language's cloud provider."""

    def __init__(self, selector: AsrSelector, language: str):
        self.selector = selector
        self.language = language

    def recognize(self, wav: Heard, phrases: Sequence[str]) -> Recognition | None:
        return _best(self._stream(wav, phrases=tuple(phrases))[0])

    def recognize_words(self, wav: Heard, grammar: str, min_length: int | None = None,
                        max_length: int | None = None) -> Recognition | None:
        known = grammar if grammar in GRAMMAR_WORDS else None
        return _best(self._stream(wav, grammar=known, min_length=min_length,
                                  max_length=max_length)[0])

    def recognize_srgs(self, wav: Heard, source: str) -> Recognition | None:
        return _best(self._stream(wav, phrases=srgs_words(source))[0])

    def transcribe(self, wav: Heard) -> Utterance:
        transcripts, pcm, rate = self._stream(wav)
        return Utterance(pcm, rate, transcripts[0].text if transcripts else "")

    def _stream(self, wav: Heard, **listen: Any) -> tuple[list[Transcript], bytes, int]:
        pcm, rate = samples_of(wav)
        if rate not in SAMPLE_RATES:
            raise AsrError(f"the recording is {rate} Hz; cloud recognition takes 8000 or 16000")
        recognizer = self.selector.recognizer_for(self.language)
        stream = recognizer.start(StreamRequest(language=self.language, rate=rate, **listen))
        step = rate * 2 * FEED_MS // 1000
        for offset in range(0, len(pcm), step):
            stream.feed(pcm[offset:offset + step])
        return stream.finish(), pcm, rate


def srgs_words(source: str) -> tuple[str, ...]:
    """The tokens of an SRGS voice grammar, in order, once each (hints for a cloud provider)."""
    words: dict[str, None] = {}

    def known(word: str) -> bool:
        words.setdefault(word, None)
        return True

    to_jsgf(parse_srgs(source), known)
    return tuple(words)


def _best(transcripts: list[Transcript]) -> Recognition | None:
    if not transcripts:
        return None
    return Recognition(transcripts[0].text, transcripts[0].confidence)
