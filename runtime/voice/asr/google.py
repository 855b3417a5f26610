"""Cloud recognition through Google Cloud Speech-to-Text's streaming gRPC API (v1).

The stream is the real `StreamingRecognize` call of `google-cloud-speech`: it opens when the
utterance starts, a background thread reads the answers while the worker feeds audio (100 ms
or so at a time), and `finish()` half-closes the request stream and waits (at most the
registry entry's `timeout_ms`) for the final results. The address and credentials are a Bot
Registry entry of provider `google_speech`: `service_account_info` (or the host's application
default credentials), `endpoint` to replace speech.googleapis.com. An endpoint on this machine
(or written `http://host:port`) is reached over plain gRPC without credentials, as the
Dialogflow connectors do, which is how the tests' local server is spoken to.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import grpc
from google.api_core import exceptions as api_exceptions
from google.cloud import speech_v1 as speech
from google.cloud.speech_v1.services.speech.transports import SpeechGrpcTransport

from runtime.bots.definition import BotDefinition
from runtime.bots.dialogflow_common import plain_address
from runtime.voice.asr.base import MAX_UTTERANCE_S, AsrError, StreamRequest, Transcript
from runtime.voice.speech import GRAMMAR_WORDS

NAME = "google"
DEFAULT_HOST = "speech.googleapis.com"
SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
MAX_HINTS = 500
"""Phrase hints sent per utterance at most (the API's own limit is 5,000)."""
MAX_ALTERNATIVES = 3


def build_client(definition: BotDefinition) -> speech.SpeechClient:
    endpoint = definition.endpoint or DEFAULT_HOST
    address = plain_address(endpoint)
    if address is not None:
        return speech.SpeechClient(
            transport=SpeechGrpcTransport(channel=grpc.insecure_channel(address)))
    return speech.SpeechClient(credentials=service_account(definition.credentials),
                               client_options={"api_endpoint": endpoint})


def service_account(credentials: Mapping[str, Any]) -> Any:
    """Credentials from `{"service_account_info": {...}}`; None: the host's defaults."""
    info = credentials.get("service_account_info")
    if not info:
        return None
    from google.oauth2 import service_account as accounts

    return accounts.Credentials.from_service_account_info(dict(info), scopes=list(SCOPES))


def hints_for(request: StreamRequest) -> list[str]:
    hints = list(request.phrases) or list(GRAMMAR_WORDS.get(request.grammar or "", ()))
    return hints[:MAX_HINTS]


def streaming_config(request: StreamRequest) -> speech.StreamingRecognitionConfig:
    hints = hints_for(request)
    config = speech.RecognitionConfig(
        encoding=speech.RecognitionConfig.AudioEncoding.LINEAR16,
        sample_rate_hertz=request.rate, language_code=request.language,
        max_alternatives=MAX_ALTERNATIVES,
        speech_contexts=[speech.SpeechContext(phrases=hints)] if hints else [],
        model="phone_call" if request.rate == 8000 else "default")
    return speech.StreamingRecognitionConfig(config=config, interim_results=False)


class GoogleSpeechRecognizer:
    """One client (one gRPC channel) per registry entry; streams run concurrently on it."""

    name = NAME

    def __init__(self, definition: BotDefinition):
        self.definition = definition
        self.client = build_client(definition)

    def start(self, request: StreamRequest) -> GoogleSpeechStream:
        return GoogleSpeechStream(self.client, request, self.definition.timeout_s)

    def close(self) -> None:
        self.client.transport.close()


class GoogleSpeechStream:
    def __init__(self, client: speech.SpeechClient, request: StreamRequest, timeout_s: float):
        self.request = request
        self.timeout_s = timeout_s
        self.limit = MAX_UTTERANCE_S * request.rate * 2
        self._size = 0
        self._audio: queue.Queue[bytes | None] = queue.Queue()
        self._results: list[Any] = []
        self._error: BaseException | None = None
        self._finished = False
        self._reader = threading.Thread(target=self._read, args=(client,), daemon=True,
                                        name="google-speech-stream")
        self._reader.start()

    def _requests(self) -> Iterator[speech.StreamingRecognizeRequest]:
        while (chunk := self._audio.get()) is not None:
            yield speech.StreamingRecognizeRequest(audio_content=chunk)

    def _read(self, client: speech.SpeechClient) -> None:
        try:
            # The package's helper (config first, then the audio requests); its stub shows
            # the generated method's signature instead.
            recognize: Any = client.streaming_recognize
            for response in recognize(config=streaming_config(self.request),
                                      requests=self._requests(), timeout=self.timeout_s):
                self._results.extend(result for result in response.results
                                     if result.is_final)
        except BaseException as exc:  # handed to finish(), which raises it as AsrError
            self._error = exc

    def feed(self, pcm: bytes) -> None:
        if self._finished:
            raise AsrError("the utterance has already ended")
        if self._size + len(pcm) > self.limit:
            self.finish_quietly()
            raise AsrError(f"an utterance may last at most {MAX_UTTERANCE_S} s")
        self._size += len(pcm)
        self._audio.put(bytes(pcm))

    def finish_quietly(self) -> None:
        if not self._finished:
            self._finished = True
            self._audio.put(None)

    def finish(self) -> list[Transcript]:
        if self._finished:
            raise AsrError("the utterance has already ended")
        self.finish_quietly()
        self._reader.join(self.timeout_s + 1)
        if self._reader.is_alive():
            raise AsrError(f"Google Speech-to-Text gave no answer within {self.timeout_s:g} s")
        if self._error is not None:
            raise AsrError(_explain(self._error)) from None
        return transcripts_of(self._results)


def transcripts_of(results: list[Any]) -> list[Transcript]:
    """The final results' alternatives: the best of each result joined first, then the
    other alternatives of a single-result answer."""
    if not results:
        return []
    best = [result.alternatives[0] for result in results if result.alternatives]
    if not best:
        return []
    text = " ".join(alternative.transcript.strip() for alternative in best).strip()
    confidences = [alternative.confidence for alternative in best if alternative.confidence]
    transcripts = [Transcript(text, min(confidences) if confidences else None)]
    if len(results) == 1:
        transcripts.extend(Transcript(alternative.transcript.strip(),
                                      alternative.confidence or None)
                           for alternative in results[0].alternatives[1:])
    return [transcript for transcript in transcripts if transcript.text]


def _explain(error: BaseException) -> str:
    if isinstance(error, api_exceptions.GoogleAPICallError):
        return f"Google Speech-to-Text refused the request: {error.code} {error.message}"
    if isinstance(error, grpc.RpcError):
        return f"Google Speech-to-Text failed: {error.code()}"
    return f"Google Speech-to-Text failed: {type(error).__name__}"
