"""A Spanish call: the flow switches to Spanish, reads a date and an amount back in Spanish and
asks a yes/no question; the caller says "sí" and the flow takes the yes path.

The worker's voice settings route `es` to Google Speech-to-Text (`asr_routes`) with a Bot
Registry entry from the file source's bots file that points at the local gRPC server
(`tests/asr_servers/google_speech_server.py`), scripted to hear "sí" in any utterance of a
plausible length. The caller's "sí" is spoken by espeak-ng's Spanish voice and sent as PCMU
RTP once the question has been heard; the worker records it, streams it to the server with
`language_code` es-ES, and the `boolean` grammar reads the transcript in the session language.
The prompts are checked in the worker's TTS cache: the files for the Spanish date and amount
exist under espeak-ng's Spanish voice.
"""

from __future__ import annotations

import json
import math
import struct
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interpreter.engine.value_reading import say_as
from runtime.voice import Supervisor
from runtime.voice.audio_files import duration_ms
from runtime.voice.tts import Synthesizer, espeak_voice
from tests.asr_servers.google_speech_server import GoogleSpeechServer
from tests.runtime.voice.helpers import cdrs_of, flow_pool_settings, running, speak_in_call
from tests.runtime.voice.sipp import SippRun

POOL_PORT = 57700
METER_PORT = 57900
CALLER_PORT, CALLER_MEDIA = 57910, 57920
LINE = "18005550570"
ANI = "+15551260570"
LANGUAGE = "es-ES"
DATE = "2026-11-25"
AMOUNT = {"amount": 1234.5, "currency": "EUR"}
QUESTION = "¿Es correcto?"
FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "spanish-confirm",
    "name": "spanish-confirm", "kind": "application", "channels": ["voice"],
    "languages": ["en-US", LANGUAGE], "phases": {"self_service": "spanish"},
    "variables": {"ok": {"type": "boolean"}},
    "blocks": {
        "spanish": {"type": "set_language", "props": {"language": f"'{LANGUAGE}'"},
                    "next": {"next": "date"}},
        "date": {"type": "play_message", "props": {
            "prompts": [{"value": f"'{DATE}'", "as": "date"}]}, "next": {"next": "amount"}},
        "amount": {"type": "play_message", "props": {
            "prompts": [{"value": "({amount: 1234.5, currency: 'EUR'})", "as": "currency"}]},
            "next": {"next": "ask"}},
        "ask": {"type": "input", "props": {
            "prompts": [{"tts": QUESTION}], "variable": "ok", "grammar": "boolean",
            "retries": 0, "timeout_ms": 8000},
            "next": {"next": "check", "noinput": "noinput_done", "nomatch": "nomatch_done"}},
        "check": {"type": "segmentation", "props": {"conditions": [
            {"name": "yes", "expression": "ok == true"}]},
            "next": {"yes": "yes_done", "default": "no_done"}},
        "yes_done": {"type": "terminate", "props": {"reason": "confirmed"}},
        "no_done": {"type": "terminate", "props": {"reason": "declined"}},
        "noinput_done": {"type": "terminate", "props": {"reason": "noinput"}},
        "nomatch_done": {"type": "terminate", "props": {"reason": "nomatch"}},
    }}


@pytest.fixture(scope="module")
def speech_server() -> Iterator[GoogleSpeechServer]:
    with GoogleSpeechServer(by_duration=[(10_000, [("sí", 0.93)])]) as server:
        yield server


@pytest.fixture(scope="module")
def spanish_pool(tmp_path_factory: pytest.TempPathFactory,
                 speech_server: GoogleSpeechServer) -> Iterator[Supervisor]:
    folder = tmp_path_factory.mktemp("spanish-voice")
    bots = folder / "bots.json"
    bots.write_text(json.dumps([{"name": "gcp-speech", "provider": "google_speech",
                                 "endpoint": speech_server.address, "timeout_ms": 5000}]))
    settings = flow_pool_settings(
        folder, POOL_PORT, {LINE: FLOW}, source_options={"bots": str(bots)},
        tts_engine="espeak-ng", kamailio="off",
        asr_routes={"es": {"provider": "google", "credentials": "gcp-speech"}})
    with running(settings) as supervisor:
        yield supervisor


def rms(pcm: bytes) -> float:
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm[: len(pcm) // 2 * 2])
    return math.sqrt(sum(sample * sample for sample in samples) / max(len(samples), 1))


def spoken_texts() -> list[str]:
    return [say_as(DATE, "date", LANGUAGE), say_as(AMOUNT, "currency", LANGUAGE), QUESTION]


@pytest.fixture(scope="module")
def spanish_call(spanish_pool: Supervisor, tmp_path_factory: pytest.TempPathFactory
                 ) -> dict[str, Any]:
    settings = spanish_pool.settings
    # timed in a cache of the test's own, so that the pool's cache holds only what the
    # worker itself synthesised
    synthesizer = Synthesizer(tmp_path_factory.mktemp("timing"), "espeak-ng",
                              settings.tts_rate)
    prompts_ms = sum(duration_ms(synthesizer.synthesize(text, LANGUAGE))
                     for text in spoken_texts())
    answer = Synthesizer(tmp_path_factory.mktemp("caller"), "espeak-ng", rate=150).synthesize(
        "sí", LANGUAGE)
    spoken = speak_in_call(spanish_pool, answer, after_ms=prompts_ms, meter_port=METER_PORT,
                           ani=ANI, service=LINE, port=CALLER_PORT, media_port=CALLER_MEDIA,
                           wait_ms=25000, timeout_s=40, name="spanish")
    return {**spoken, "answer_ms": duration_ms(answer)}


def test_the_caller_says_si_and_the_flow_takes_the_yes_path(
        spanish_pool: Supervisor, spanish_call: dict[str, Any],
        speech_server: GoogleSpeechServer) -> None:
    run: SippRun = spanish_call["run"]
    assert run.returncode == 0, run.errors
    assert spanish_call["spoke_at"] is not None and spanish_call["sent"] > 0, spanish_call
    (record,) = cdrs_of(spanish_pool, ANI)
    assert record["path"] == ["spanish", "date", "amount", "ask", "check", "yes_done"], record
    assert record["metrics"]["speech"] == [{"block": "ask", "text": "sí"}]
    assert record["disposition"] == "confirmed"
    (heard,) = speech_server.streams
    assert heard.config.language_code == LANGUAGE
    assert heard.config.sample_rate_hertz == 8000
    assert "yes" in heard.config.speech_contexts[0].phrases  # the boolean grammar's hints
    # the caller's own "sí" reached the server: about as long as it was spoken, not silence
    assert spanish_call["answer_ms"] * 0.5 < heard.duration_ms < 10_000, heard.duration_ms
    assert rms(heard.audio) > 100


def test_the_date_and_amount_were_spoken_by_espeak_ng_in_spanish(
        spanish_pool: Supervisor, spanish_call: dict[str, Any]) -> None:
    date_text, amount_text, _ = spoken_texts()
    assert date_text == "25 de noviembre de 2026"
    assert amount_text == "1.234,50 euros"
    settings = spanish_pool.settings
    synthesizer = Synthesizer(Path(settings.cache_dir), settings.tts_engine, settings.tts_rate)
    assert synthesizer.engine == "espeak-ng" and espeak_voice(LANGUAGE) == "es"
    for text in (date_text, amount_text):
        path = synthesizer.cached(text, LANGUAGE)
        assert path is not None, f"no Spanish prompt for {text!r} in the TTS cache"
        with wave.open(str(path), "rb") as handle:
            assert handle.getframerate() == 8000 and handle.getnframes() > 4000
