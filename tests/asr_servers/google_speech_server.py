"""A local Google Cloud Speech-to-Text v1 `Speech.StreamingRecognize` gRPC server.

google-cloud-speech ships the proto-plus types but no servicer, so the bidirectional method is
registered with `grpc.method_handlers_generic_handler`, (de)serialised with those types. The
first request must carry the streaming config and the rest audio, as the real service demands
(else INVALID_ARGUMENT). What it "hears" is scripted: `transcripts` maps the SHA-256 of the
whole utterance's audio to alternatives `[(text, confidence), ...]`; other audio gets
`by_duration` (the first `(up_to_ms, alternatives)` whose bound the audio's length fits), else
no result. Every stream is kept in `streams` (config, audio bytes, chunk count); `abort` makes
the next stream fail with a gRPC status.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from google.cloud import speech_v1 as speech

SERVICE = "google.cloud.speech.v1.Speech"
Alternatives = Sequence[tuple[str, float]]


@dataclass
class HeardStream:
    config: speech.RecognitionConfig
    audio: bytes = b""
    chunks: int = 0
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def duration_ms(self) -> int:
        return len(self.audio) * 1000 // (2 * (self.config.sample_rate_hertz or 8000))


def digest(audio: bytes) -> str:
    return hashlib.sha256(audio).hexdigest()


class GoogleSpeechServer:
    """`with GoogleSpeechServer({digest(pcm): [("four two", 0.9)]}) as server:`"""

    def __init__(self, transcripts: Mapping[str, Alternatives] | None = None,
                 by_duration: Sequence[tuple[int, Alternatives]] = ()):
        self.transcripts = dict(transcripts or {})
        self.by_duration = list(by_duration)
        self.streams: list[HeardStream] = []
        self.abort: grpc.StatusCode | None = None
        self._lock = threading.Lock()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        method = grpc.stream_stream_rpc_method_handler(
            self._recognize, request_deserializer=speech.StreamingRecognizeRequest.deserialize,
            response_serializer=speech.StreamingRecognizeResponse.serialize)
        self._server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(
            SERVICE, {"StreamingRecognize": method}),))
        self.port = self._server.add_insecure_port("127.0.0.1:0")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> GoogleSpeechServer:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop(grace=None).wait(5)

    def _recognize(self, requests: Iterator[speech.StreamingRecognizeRequest],
                   context: grpc.ServicerContext) -> Iterator[speech.StreamingRecognizeResponse]:
        with self._lock:
            abort, self.abort = self.abort, None
        if abort is not None:
            context.abort(abort, f"scripted {abort.name}")
        first = next(requests, None)
        if first is None or "streaming_config" not in first:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          "the first request must carry streaming_config")
            return
        heard = HeardStream(first.streaming_config.config,
                            metadata={key: value for key, value in context.invocation_metadata()
                                      if isinstance(value, str)})
        chunks = []
        for request in requests:
            if "streaming_config" in request:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                              "streaming_config may only be sent first")
            chunks.append(request.audio_content)
        heard.audio, heard.chunks = b"".join(chunks), len(chunks)
        with self._lock:
            self.streams.append(heard)
        alternatives = self._heard(heard)
        if alternatives:
            yield speech.StreamingRecognizeResponse(results=[speech.StreamingRecognitionResult(
                is_final=True, alternatives=[
                    speech.SpeechRecognitionAlternative(transcript=text, confidence=confidence)
                    for text, confidence in alternatives[:heard.config.max_alternatives or 1]])])

    def _heard(self, heard: HeardStream) -> Alternatives:
        scripted = self.transcripts.get(digest(heard.audio))
        if scripted is not None:
            return scripted
        for up_to_ms, alternatives in self.by_duration:
            if heard.duration_ms <= up_to_ms:
                return alternatives
        return ()
