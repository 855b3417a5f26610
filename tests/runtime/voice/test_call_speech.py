"""A call's spoken answer goes to the recogniser of its language: English to the worker's
offline decoder, a routed language to its cloud provider (here Google, against the local gRPC
server), an unrouted one to none (keys only)."""

from __future__ import annotations

import json
import wave
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from runtime.bots.definition import BotDefinition
from runtime.bots.registry import StaticDefinitions
from runtime.voice.asr.selection import AsrSelector, parse_routes
from runtime.voice.call_speech import CloudSpeech, open_speech, registry_of, speech_for, srgs_words
from runtime.voice.file_source import FileFlowSource
from runtime.voice.settings import VoiceSettings
from runtime.voice.speech import Recognition
from tests.asr_servers.google_speech_server import GoogleSpeechServer

ROUTES = {"es": {"provider": "google", "credentials": "gcp-speech"}}


def write_wav(path: Path, pcm: bytes, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return path


def services(selector: AsrSelector | None, offline: object) -> Any:
    return SimpleNamespace(asr=selector, recognizer=offline)


def test_the_collect_language_picks_the_recogniser() -> None:
    offline = object()
    selector = AsrSelector(parse_routes(ROUTES), None, offline=lambda: offline)  # type: ignore[arg-type,return-value]
    assert speech_for(services(selector, offline), "en-US") is offline
    spanish = speech_for(services(selector, offline), "es-ES")
    assert isinstance(spanish, CloudSpeech) and spanish.language == "es-ES"
    assert speech_for(services(selector, offline), "fr-FR") is None
    # a host without a selector keeps the one decoder for everything, as before
    assert speech_for(services(None, offline), "es-ES") is offline


def test_a_spanish_answer_is_streamed_to_google_with_its_grammar_hints(tmp_path: Path) -> None:
    pcm = bytes(range(256)) * 50  # 800 ms at 8 kHz
    wav = write_wav(tmp_path / "answer.wav", pcm)
    with GoogleSpeechServer(by_duration=[(5000, [("sí", 0.92)])]) as server:
        definitions = StaticDefinitions({"gcp-speech": BotDefinition(
            name="gcp-speech", provider="google_speech", endpoint=server.address,
            timeout_ms=3000)})
        selector = AsrSelector(parse_routes(ROUTES), definitions, offline=lambda: None)  # type: ignore[arg-type,return-value]
        try:
            speech = CloudSpeech(selector, "es-ES")
            assert speech.recognize_words(wav, "boolean") == Recognition("sí", pytest.approx(0.92))
            utterance = speech.transcribe(wav)
        finally:
            selector.close()
    assert utterance.text == "sí" and utterance.pcm == pcm and utterance.rate == 8000
    first, second = server.streams
    assert first.audio == pcm and first.chunks == 8  # 100 ms per feed
    assert first.config.language_code == "es-ES"
    assert "yes" in first.config.speech_contexts[0].phrases
    assert not second.config.speech_contexts  # free-form: no hints


def test_srgs_hints_are_the_grammar_tokens() -> None:
    source = ('#ABNF 1.0;\nlanguage es-ES;\nmode voice;\nroot $r;\n'
              '$r = (sí | claro) {out = true} | no {out = false};')
    assert srgs_words(source) == ("sí", "claro", "no")


def test_the_worker_checks_routes_at_start_and_finds_the_bots_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="English only"):
        open_speech(VoiceSettings(asr_routes={"es": {"provider": "pocketsphinx"}}), None)
    assert open_speech(VoiceSettings(speech=False), None) == (None, None)
    bots = tmp_path / "bots.json"
    bots.write_text(json.dumps([{"name": "gcp-speech", "provider": "google_speech",
                                 "endpoint": "127.0.0.1:9"}]))
    source = FileFlowSource(paths=[str(tmp_path)], bots=str(bots))
    definitions = registry_of(source)
    assert definitions is not None
    found = definitions.definition("gcp-speech")
    assert found is not None and found.provider == "google_speech"
    assert registry_of(FileFlowSource(paths=[str(tmp_path)])) is None
