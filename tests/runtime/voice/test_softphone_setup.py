"""Softphone settings are checked before the pool starts, with errors that say what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.voice.kamailio import module_dir
from runtime.voice.settings import VoiceSettings
from runtime.voice.softphone_setup import SoftphoneSetupError, softphone_listener


def test_softphones_are_off_without_a_websocket_port() -> None:
    assert softphone_listener(VoiceSettings(), "/nowhere") is None


def test_missing_modules_name_their_debian_package(tmp_path: Path) -> None:
    with pytest.raises(SoftphoneSetupError, match="kamailio-websocket-modules"):
        softphone_listener(VoiceSettings(ws_port=8088, softphone_secret="s" * 32), str(tmp_path))


def test_a_short_secret_and_a_bare_wss_port_are_refused() -> None:
    mpath = module_dir()
    assert mpath is not None
    with pytest.raises(SoftphoneSetupError, match="softphone_secret"):
        softphone_listener(VoiceSettings(ws_port=8088, softphone_secret="short"), mpath)
    with pytest.raises(SoftphoneSetupError, match="sip_tls_port"):
        softphone_listener(VoiceSettings(ws_port=8088, wss_port=8443, softphone_secret="s" * 32),
                           mpath)
    listener = softphone_listener(VoiceSettings(ws_port=8088, softphone_secret="s" * 32), mpath)
    assert listener is not None and listener.rtpengine_ng == "127.0.0.1:22222"
