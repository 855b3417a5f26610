"""A prompt computed from a secure value is never quoted in the worker's log, even when it
cannot be played (here: the TTS cache cannot be written)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pytest

from runtime.voice.prompt_player import PromptPlayer, QueuedPrompt
from runtime.voice.scheduler import Scheduler
from runtime.voice.tts import Synthesizer


class SilentCall:
    """A call that plays nothing: the player never gets that far in this test."""

    def play(self, path: Path) -> None: ...
    def stop_playing(self) -> None: ...
    def start_recording(self, path: Path) -> None: ...
    def stop_recording(self) -> None: ...
    def rx_level(self) -> int:
        return 0
    def hangup(self) -> None: ...
    def refer(self, uri: str, headers: Mapping[str, str]) -> None: ...


@pytest.mark.parametrize("secure", [True, False])
def test_failed_secure_prompt_is_not_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                            secure: bool) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    scheduler = Scheduler(threads=1)
    player = PromptPlayer(SilentCall(), scheduler, Synthesizer(blocked), lambda: None,
                          lambda prompt: None)
    prompt = QueuedPrompt("Your PIN is 4 8 2 1 3 5 7 9", None, "en-US", True, secure=secure)
    with caplog.at_level(logging.WARNING, logger="runtime.voice.prompt_player"):
        player.prepare(prompt)
        scheduler.shutdown()
    assert prompt.failed and prompt.ready
    logged = caplog.text
    assert "cannot be played" in logged
    assert ("4 8 2 1" in logged) is not secure


class RecordingCall(SilentCall):
    def __init__(self) -> None:
        self.played: list[Path] = []

    def play(self, path: Path) -> None:
        self.played.append(path)


def test_secure_prompt_stays_out_of_the_shared_cache_and_is_deleted_once_played(
        tmp_path: Path) -> None:
    import time

    text = "Your PIN is 4 8 2 1 3 5 7 9"
    synthesizer = Synthesizer(tmp_path / "cache")
    scheduler = Scheduler(threads=1)
    call = RecordingCall()
    idle: list[bool] = []
    player = PromptPlayer(call, scheduler, synthesizer, lambda: idle.append(True),
                          lambda prompt: None)
    prompt = QueuedPrompt(text, None, "en-US", True, secure=True)
    player.prepare(prompt)
    player.play(prompt)
    deadline = time.monotonic() + 20
    while not idle and time.monotonic() < deadline:  # the worker's polling loop, in short
        scheduler.run_due()
        time.sleep(0.01)
    scheduler.shutdown()
    assert idle, "the secure prompt never finished playing"
    assert len(call.played) == 1
    played = call.played[0]
    assert played.parent == synthesizer.private_dir
    assert not played.exists(), "a played secure prompt must be deleted"
    shared = synthesizer.path_for(" ".join(text.split()), "en-US")
    assert not shared.exists(), "a secure prompt must never be stored under its plain hash"
    leftovers = [path for path in (tmp_path / "cache").rglob("*.wav")]
    assert leftovers == []


def test_ordinary_prompt_is_cached_for_every_worker(tmp_path: Path) -> None:
    synthesizer = Synthesizer(tmp_path / "cache")
    path = synthesizer.synthesize("Welcome to the bank", "en-US")
    assert path == synthesizer.path_for("Welcome to the bank", "en-US")
    synthesizer.forget(path)
    assert path.exists(), "forget only deletes private (secure) files"
