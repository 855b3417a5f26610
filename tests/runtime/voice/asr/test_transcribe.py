"""The Amazon Transcribe provider, driving the real `amazon-transcribe` client (awscrt, HTTP/2
over TLS) against the local streaming server in `tests/asr_servers/transcribe_server.py`, which
checks the client's SigV4 event signatures with the secret key it was given."""

from __future__ import annotations

import math
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from designer_ui.bots.source import DatabaseDefinitions
from runtime.bots.definition import BotDefinition
from runtime.voice.asr.base import AsrError, StreamRequest, Transcript
from runtime.voice.asr.selection import AsrSelector, parse_routes
from runtime.voice.asr.transcribe import AUDIO_EVENT_BYTES, TranscribeRecognizer
from runtime.voice.tts import Synthesizer
from tests.asr_servers.tls_certificates import ServerCertificate, make_server_certificate
from tests.asr_servers.transcribe_server import TranscribeServer, digest
from tests.designer_ui.bots.test_registry_api import stored_credentials
from tests.designer_ui.conftest import add_token, add_user, build_app
from tests.designer_ui.helpers import Api

ACCESS_KEY = "AKIATRANSCRIBE0TEST"
SECRET_KEY = "transcribe-secret-Vb7Qm2Lx9Rk4"
GERMAN_WORDS = [("guten", 0.97), ("tag", 0.84)]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> ServerCertificate:
    return make_server_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """"Guten Tag" in espeak-ng's German voice, 8 kHz 16-bit PCM."""
    path = Synthesizer(tmp_path_factory.mktemp("german"), "espeak-ng", rate=150).synthesize(
        "Guten Tag", "de-DE")
    with wave.open(str(path), "rb") as handle:
        assert handle.getframerate() == 8000
        return handle.readframes(handle.getnframes())


@pytest.fixture
def server(certificate: ServerCertificate, german: bytes) -> Iterator[TranscribeServer]:
    with TranscribeServer(certificate, ACCESS_KEY, SECRET_KEY,
                          {digest(german): GERMAN_WORDS}) as running:
        yield running


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Flask:
    """The Designer with its Bot Registry (SQLite), the local server's address allowed."""
    return build_app("sqlite", tmp_path_factory.mktemp("registry"), request,
                     OUTBOUND_ALLOWLIST="127.0.0.1")


def entry(server: TranscribeServer, certificate: ServerCertificate, *,
          secret: str = SECRET_KEY, ca_file: bool = True, timeout_ms: int = 5000
          ) -> BotDefinition:
    credentials = {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": secret}
    if ca_file:
        credentials["ca_file"] = str(certificate.ca_file)
    return BotDefinition(name="aws-speech", provider="amazon_transcribe", region="eu-central-1",
                         endpoint=server.endpoint, credentials=credentials, timeout_ms=timeout_ms)


def speak(recognizer: TranscribeRecognizer, pcm: bytes, language: str = "de-DE"
          ) -> list[Transcript]:
    stream = recognizer.start(StreamRequest(language=language))
    for offset in range(0, len(pcm), 320):  # 20 ms frames, as RTP brings them
        stream.feed(pcm[offset:offset + 320])
    return stream.finish()


def test_a_german_utterance_is_heard_with_the_registry_credentials(
        registry: Flask, server: TranscribeServer, certificate: ServerCertificate,
        german: bytes) -> None:
    developer = Api(registry.test_client(),
                    token=add_token(registry, add_user(registry, "speech-dev", ["developer"])))
    created = developer.post("bots", json={
        "name": "aws-speech", "provider": "amazon_transcribe", "region": "eu-central-1",
        "endpoint": f"https://127.0.0.1:{server.port}", "timeout_ms": 5000,
        "credentials": {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY,
                        "ca_file": str(certificate.ca_file)}})
    assert created.status_code == 201, created.json
    token = stored_credentials(registry, "aws-speech")
    assert token and SECRET_KEY not in token and ACCESS_KEY not in token
    selector = AsrSelector(
        parse_routes({"de": {"provider": "transcribe", "credentials": "aws-speech"}}),
        DatabaseDefinitions(registry), offline=lambda: pytest.fail("English is not asked"))
    try:
        recognizer = selector.recognizer_for("de-DE")
        assert isinstance(recognizer, TranscribeRecognizer)
        (heard_text,) = speak(recognizer, german)
        assert heard_text.text == "guten tag"  # the lowest word confidence is the answer's
        assert heard_text.confidence == pytest.approx(0.84)
    finally:
        selector.close()
    (heard,) = server.streams
    assert heard.language == "de-DE" and heard.rate == 8000
    assert heard.headers["x-amzn-transcribe-media-encoding"] == "pcm"
    assert heard.audio == german and heard.ended and heard.error is None
    assert heard.events == math.ceil(len(german) / AUDIO_EVENT_BYTES)
    assert heard.signatures_checked == heard.events + 1  # and the empty end-of-audio event
    assert "eu-central-1/transcribe" in heard.headers["authorization"]


def test_two_utterances_share_one_tls_connection(
        server: TranscribeServer, certificate: ServerCertificate, german: bytes) -> None:
    recognizer = TranscribeRecognizer(entry(server, certificate))
    assert speak(recognizer, german)[0].text == "guten tag"
    assert speak(recognizer, b"\x00\x00" * 4000, "fr-FR") == []  # nothing scripted: silence
    assert [heard.language for heard in server.streams] == ["de-DE", "fr-FR"]
    assert server.connections == 1


def test_a_wrong_secret_is_refused_by_the_signature_check(
        server: TranscribeServer, certificate: ServerCertificate, german: bytes) -> None:
    recognizer = TranscribeRecognizer(entry(server, certificate, secret="not-the-secret"))
    with pytest.raises(AsrError, match="signature") as refused:
        speak(recognizer, german)
    assert "not-the-secret" not in str(refused.value)
    assert server.streams[0].error == "BadRequestException"


def test_a_service_exception_is_an_asr_error(
        server: TranscribeServer, certificate: ServerCertificate, german: bytes) -> None:
    server.fail_next = "LimitExceededException"
    with pytest.raises(AsrError, match="LimitExceededException"):
        speak(TranscribeRecognizer(entry(server, certificate)), german)


def test_a_server_outside_the_trusted_authorities_is_not_spoken_to(
        server: TranscribeServer, certificate: ServerCertificate, german: bytes) -> None:
    """Without `ca_file` the system's roots do not vouch for the test CA. awscrt's TLS (s2n)
    delays a failed negotiation by 10-30 s (its "blinding" against timing attacks), so the
    entry's timeout is set past that to see the client's own error rather than the bound."""
    untrusted = entry(server, certificate, ca_file=False, timeout_ms=45_000)
    with pytest.raises(AsrError, match="TLS_ERROR_NEGOTIATION_FAILURE"):
        speak(TranscribeRecognizer(untrusted), german)
    assert server.streams == [] and server.connections == 0


def test_a_plain_http_endpoint_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AsrError, match="https://"):
        TranscribeRecognizer(BotDefinition(name="aws-speech", provider="amazon_transcribe",
                                           endpoint="http://127.0.0.1:9"))


def test_a_host_already_running_an_event_loop_gets_the_answer_from_a_thread_apart() -> None:
    """A thread that runs an event loop (asyncio code embedding the recogniser, or a browser
    driver's loop left running in a test process) cannot start another one in place."""
    import asyncio

    from runtime.voice.asr.transcribe import run_to_completion

    async def answer() -> str:
        await asyncio.sleep(0)
        return "heard"

    async def inside_a_loop() -> str:
        return run_to_completion(answer)

    assert run_to_completion(answer) == "heard"
    assert run_to_completion(inside_a_loop) == "heard"  # the inner call meets a running loop

    async def failing() -> str:
        raise ValueError("no")

    async def failing_inside() -> str:
        return run_to_completion(failing)

    with pytest.raises(ValueError, match="no"):
        run_to_completion(failing_inside)
