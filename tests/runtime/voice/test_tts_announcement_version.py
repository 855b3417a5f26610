"""The TTS cache keys an announcement's speech on its version: a re-saved announcement with the
same text (a new version) is synthesised anew, while other prompts keep their key; the version
travels from the host's announcement through the rendered prompt to the player."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from interpreter.compiler import CompiledPromptItem
from interpreter.engine.prompts import render_items
from interpreter.host import Announcement
from runtime.voice.prompt_player import PromptPlayer, QueuedPrompt
from runtime.voice.scheduler import Scheduler
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.test_prompt_player_secure import SilentCall

TEXT = "We are closed today for the holiday."


def test_the_cache_key_changes_with_the_announcement_version(tmp_path: Path) -> None:
    tts = Synthesizer(tmp_path)
    plain = tts.path_for(TEXT, "en-US")
    first, again = tts.path_for(TEXT, "en-US", version=3), tts.path_for(TEXT, "en-US", version=3)
    resaved = tts.path_for(TEXT, "en-US", version=4)
    assert first == again
    assert len({plain, first, resaved}) == 3
    assert tts.path_for(TEXT, "en-US", version=0) == plain


def test_rendered_announcement_carries_its_version() -> None:
    def announce(name: str, language: str) -> Announcement | None:
        return Announcement(text=TEXT, version=7) if name == "holiday" else None

    no_flow: Any = None  # announcements need no flow: the host answers them
    rendered = render_items((CompiledPromptItem("announcement", ref="holiday"),), no_flow,
                            "en-US", lambda value: value, str, announce=announce)
    assert [(p.text, p.announcement_version) for p in rendered] == [(TEXT, 7)]


def _prepared(player: PromptPlayer, prompt: QueuedPrompt) -> QueuedPrompt:
    player.prepare(prompt)
    deadline = time.monotonic() + 30
    while not prompt.ready and time.monotonic() < deadline:
        player.scheduler.run_due()
        time.sleep(0.02)
    assert prompt.ready and not prompt.failed
    return prompt


def test_a_resaved_announcement_is_not_played_from_the_old_file(tmp_path: Path) -> None:
    tts = Synthesizer(tmp_path)
    scheduler = Scheduler(threads=1)
    player = PromptPlayer(SilentCall(), scheduler, tts, lambda: None, lambda prompt: None)
    try:
        old = _prepared(player, QueuedPrompt(TEXT, None, "en-US", True, version=1))
        new = _prepared(player, QueuedPrompt(TEXT, None, "en-US", True, version=2))
        assert old.wav is not None and new.wav is not None and old.wav != new.wav
        assert old.wav.exists() and new.wav.exists()
        again = _prepared(player, QueuedPrompt(TEXT, None, "en-US", True, version=2))
        assert again.wav == new.wav
    finally:
        scheduler.shutdown()
