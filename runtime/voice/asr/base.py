"""The one interface every speech recogniser offers the voice runtime.

A call's spoken turn is a stream: `Recognizer.start(request)` opens it for a language, a sample
rate and what to listen for; the worker `feed`s 16-bit mono little-endian PCM as it arrives and
calls `finish()` at the end of speech, which returns the transcripts, best first, each with the
provider's confidence (0..1, None when the provider gives none); an empty list means nothing
was heard. A provider that cannot answer raises `AsrError` with a message fit for a log line
(never a credential). Every stream bounds what it buffers (`MAX_UTTERANCE_S`), so a caller who
never stops talking costs a known amount of memory and provider time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

MAX_UTTERANCE_S = 60
"""Longest utterance a stream accepts; more audio is refused with `AsrError`."""
SAMPLE_RATES = (8000, 16000)


class AsrError(Exception):
    """A recognition that could not be made (bad request, provider failure, too much audio)."""


@dataclass(frozen=True, slots=True)
class Transcript:
    text: str
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class StreamRequest:
    """What one utterance is to be recognised as.

    `grammar` names a built-in input grammar (`runtime.voice.speech.GRAMMAR_WORDS`: digits,
    boolean, ...); `phrases` are a menu's phrases. Offline recognition is restricted to them;
    cloud providers get them as hints. Neither: free-form dictation.
    """

    language: str = "en-US"
    rate: int = 8000
    grammar: str | None = None
    phrases: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None

    def __post_init__(self) -> None:
        if self.rate not in SAMPLE_RATES:
            raise AsrError(f"audio must be 8000 or 16000 Hz, not {self.rate}")


class RecognitionStream(Protocol):
    def feed(self, pcm: bytes) -> None:
        """More of the caller's audio (16-bit mono PCM at the request's rate)."""
        ...

    def finish(self) -> list[Transcript]:
        """End of speech: the transcripts, best first ([] when nothing was heard)."""
        ...


class Recognizer(Protocol):
    name: str

    def start(self, request: StreamRequest) -> RecognitionStream:
        ...

    def close(self) -> None:
        ...


class BufferedStream:
    """Collects an utterance's audio up to `MAX_UTTERANCE_S`, for providers that recognise it
    whole at the end of speech; subclasses implement `recognize(pcm)`."""

    def __init__(self, request: StreamRequest):
        self.request = request
        self.limit = MAX_UTTERANCE_S * request.rate * 2
        self._chunks: list[bytes] = []
        self._size = 0
        self._finished = False

    def feed(self, pcm: bytes) -> None:
        if self._finished:
            raise AsrError("the utterance has already ended")
        if self._size + len(pcm) > self.limit:
            raise AsrError(f"an utterance may last at most {MAX_UTTERANCE_S} s")
        self._chunks.append(bytes(pcm))
        self._size += len(pcm)

    def finish(self) -> list[Transcript]:
        if self._finished:
            raise AsrError("the utterance has already ended")
        self._finished = True
        pcm = b"".join(self._chunks)
        self._chunks = []
        if len(pcm) % 2:
            pcm = pcm[:-1]
        return self.recognize(pcm) if pcm else []

    def recognize(self, pcm: bytes) -> list[Transcript]:
        raise NotImplementedError
