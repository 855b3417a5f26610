"""Which recogniser hears a language, and cloud credentials from the Bot Registry."""

from __future__ import annotations

from typing import Any

import pytest

from runtime.bots.definition import BotDefinition
from runtime.bots.registry import StaticDefinitions
from runtime.voice.asr.base import AsrError, StreamRequest, Transcript
from runtime.voice.asr.google import GoogleSpeechRecognizer
from runtime.voice.asr.selection import AsrRoute, AsrSelector, parse_routes, route_for
from runtime.voice.settings import VoiceSettings
from tests.asr_servers.google_speech_server import GoogleSpeechServer

ROUTES = {"es": {"provider": "google", "credentials": "gcp-speech"},
          "de-DE": {"provider": "transcribe", "credentials": "aws-speech"},
          "en-GB": {"provider": "google", "credentials": "gcp-speech"}}


class Offline:
    name = "pocketsphinx"

    def start(self, request: StreamRequest) -> Any:
        raise AssertionError("not used")

    def close(self) -> None:
        pass


def test_the_most_specific_route_wins_and_english_defaults_to_pocketsphinx() -> None:
    routes = parse_routes(ROUTES)
    assert route_for(routes, "es-MX") == AsrRoute("google", "gcp-speech")
    assert route_for(routes, "de_DE") == AsrRoute("transcribe", "aws-speech")
    assert route_for(routes, "en-GB") == AsrRoute("google", "gcp-speech")
    assert route_for(routes, "en-US") == AsrRoute("pocketsphinx")
    with pytest.raises(AsrError, match="no speech recogniser is configured for fr-FR"):
        route_for(routes, "fr-FR")
    assert route_for(parse_routes({"*": {"provider": "google", "credentials": "g"}}),
                     "fr-FR") == AsrRoute("google", "g")


@pytest.mark.parametrize(("routes", "message"), [
    ({"es": {"provider": "watson"}}, "unknown provider"),
    ({"es": {"provider": "google"}}, "names its Bot Registry entry"),
    ({"es": {"provider": "pocketsphinx"}}, "English only"),
    ({"es": "google"}, "must be"),
])
def test_wrong_routes_are_refused_with_a_reason(routes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_routes(routes)


def test_voice_settings_carry_the_routes() -> None:
    settings = VoiceSettings.from_json({"asr_routes": ROUTES})
    assert VoiceSettings.from_json(settings.to_json()).asr_routes == ROUTES


def test_a_cloud_route_uses_its_registry_entry_and_follows_its_edits() -> None:
    with GoogleSpeechServer(by_duration=[(10_000, [("hola", 0.7)])]) as server:
        entry = BotDefinition(name="gcp-speech", provider="google_speech",
                              endpoint=server.address)
        definitions = StaticDefinitions({"gcp-speech": entry, "bank": BotDefinition(
            name="bank", provider="native", native={"intents": []})})
        selector = AsrSelector(parse_routes(ROUTES), definitions, Offline)
        try:
            recognizer = selector.recognizer_for("es-ES")
            assert isinstance(recognizer, GoogleSpeechRecognizer)
            assert selector.recognizer_for("es-ES") is recognizer
            stream = recognizer.start(StreamRequest(language="es-ES"))
            stream.feed(b"\x00\x00" * 800)
            assert stream.finish() == [Transcript("hola", pytest.approx(0.7))]
            assert selector.recognizer_for("en-US").name == "pocketsphinx"
            definitions.definitions["gcp-speech"] = BotDefinition(
                name="gcp-speech", provider="google_speech", endpoint=server.address,
                timeout_ms=2000)
            assert selector.recognizer_for("es-ES") is not recognizer
            with pytest.raises(AsrError, match="no entry 'aws-speech'"):
                selector.recognizer_for("de-DE")
            selector.routes["es"] = AsrRoute("google", "bank")
            with pytest.raises(AsrError, match="is a native entry, not google_speech"):
                selector.recognizer_for("es-ES")
        finally:
            selector.close()
