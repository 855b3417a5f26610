"""The Google Speech-to-Text provider, driving the real google-cloud-speech client against a
local gRPC server that speaks `Speech.StreamingRecognize`."""

from __future__ import annotations

import grpc
import pytest

from runtime.bots.definition import BotDefinition
from runtime.voice.asr.base import MAX_UTTERANCE_S, AsrError, StreamRequest, Transcript
from runtime.voice.asr.google import GoogleSpeechRecognizer
from tests.asr_servers.google_speech_server import GoogleSpeechServer, digest

SPOKEN = bytes(range(256)) * 40  # 10,240 bytes: 640 ms at 8 kHz


def entry(server: GoogleSpeechServer, timeout_ms: int = 3000) -> BotDefinition:
    return BotDefinition(name="gcp-speech", provider="google_speech", language="es-ES",
                         endpoint=server.address, timeout_ms=timeout_ms)


def test_a_streamed_utterance_comes_back_with_alternatives_and_confidence() -> None:
    alternatives = [("cuatro dos", 0.91), ("cuatro doce", 0.4), ("cuarto dos", 0.2),
                    ("never sent", 0.1)]
    with GoogleSpeechServer({digest(SPOKEN): alternatives}) as server:
        recognizer = GoogleSpeechRecognizer(entry(server))
        try:
            stream = recognizer.start(StreamRequest(language="es-ES", grammar="digits"))
            for offset in range(0, len(SPOKEN), 1600):
                stream.feed(SPOKEN[offset:offset + 1600])
            result = stream.finish()
        finally:
            recognizer.close()
    assert result[0] == Transcript("cuatro dos", pytest.approx(0.91))
    assert [item.text for item in result] == ["cuatro dos", "cuatro doce", "cuarto dos"]
    heard = server.streams[0]
    assert heard.audio == SPOKEN and heard.chunks == 7
    assert heard.config.language_code == "es-ES" and heard.config.sample_rate_hertz == 8000
    assert heard.config.max_alternatives == 3
    assert "zero" in heard.config.speech_contexts[0].phrases


def test_silence_gives_no_transcript_and_a_refusal_is_an_asr_error() -> None:
    with GoogleSpeechServer(by_duration=[(100, [("hola", 0.8)])]) as server:
        recognizer = GoogleSpeechRecognizer(entry(server))
        try:
            stream = recognizer.start(StreamRequest(language="es-ES"))
            stream.feed(SPOKEN)
            assert stream.finish() == []
            short = recognizer.start(StreamRequest(language="es-ES", rate=16000))
            short.feed(b"\x00\x01" * 800)  # 50 ms at 16 kHz
            assert short.finish() == [Transcript("hola", pytest.approx(0.8))]
            server.abort = grpc.StatusCode.PERMISSION_DENIED
            refused = recognizer.start(StreamRequest(language="es-ES"))
            refused.feed(SPOKEN)
            with pytest.raises(AsrError, match="refused"):
                refused.finish()
        finally:
            recognizer.close()


def test_an_endless_utterance_is_cut_off_at_the_limit() -> None:
    with GoogleSpeechServer() as server:
        recognizer = GoogleSpeechRecognizer(entry(server))
        try:
            stream = recognizer.start(StreamRequest(language="es-ES"))
            second = b"\x00\x00" * 8000
            for _ in range(MAX_UTTERANCE_S):
                stream.feed(second)
            with pytest.raises(AsrError, match="at most"):
                stream.feed(second)
            with pytest.raises(AsrError, match="already ended"):
                stream.finish()
        finally:
            recognizer.close()


def test_a_wrong_sample_rate_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(AsrError, match="8000 or 16000"):
        StreamRequest(rate=44100)
