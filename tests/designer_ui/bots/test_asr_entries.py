"""Cloud speech recognisers' credentials in the Bot Registry: stored encrypted, and read by the
voice side's recogniser selection through the same definition source as bot turns."""

from __future__ import annotations

import pytest
from flask import Flask

from designer_ui.bots.source import DatabaseDefinitions
from runtime.voice.asr.base import StreamRequest, Transcript
from runtime.voice.asr.google import GoogleSpeechRecognizer
from runtime.voice.asr.selection import AsrSelector, parse_routes
from tests.asr_servers.google_speech_server import GoogleSpeechServer
from tests.designer_ui.bots.conftest import register
from tests.designer_ui.bots.test_registry_api import stored_credentials
from tests.designer_ui.helpers import Api

ACCOUNT = {"type": "service_account", "private_key": "speech-key-material-XYZ"}


def test_a_google_speech_entry_serves_a_spanish_route(app: Flask, developer: Api) -> None:
    with GoogleSpeechServer(by_duration=[(5_000, [("sí", 0.88)])]) as server:
        created = register(developer, {
            "name": "gcp-speech", "provider": "google_speech", "endpoint": server.address,
            "credentials": {"service_account_info": ACCOUNT}})
        assert created["credential_fields"] == ["service_account_info"]
        token = stored_credentials(app, "gcp-speech")
        assert token and "speech-key-material-XYZ" not in token
        refused = developer.post("bots", json={"name": "aws-speech",
                                               "provider": "amazon_transcribe",
                                               "credentials": {"service_account_info": {}}})
        assert refused.status_code == 400
        selector = AsrSelector(
            parse_routes({"es": {"provider": "google", "credentials": "gcp-speech"}}),
            DatabaseDefinitions(app), offline=lambda: pytest.fail("English is not asked"))
        try:
            recognizer = selector.recognizer_for("es-ES")
            assert isinstance(recognizer, GoogleSpeechRecognizer)
            assert recognizer.definition.credentials["service_account_info"] == ACCOUNT
            stream = recognizer.start(StreamRequest(language="es-ES"))
            stream.feed(b"\x00\x00" * 4000)
            assert stream.finish() == [Transcript("sí", pytest.approx(0.88))]
        finally:
            selector.close()
