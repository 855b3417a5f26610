"""The queue pieces of a voice worker that need no SIP: the poll interval setting and which
flow sources have queues."""

from __future__ import annotations

import pytest

from runtime.voice.audio_files import duration_ms, is_phone_format
from runtime.voice.file_source import FileFlowSource
from runtime.voice.queue_call import hold_music, poll_seconds
from runtime.voice.queue_desk import NoQueueDesk, queue_desk_of


def test_the_poll_interval_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOICE_QUEUE_POLL_MS", raising=False)
    assert poll_seconds() == 1.0
    monkeypatch.setenv("VOICE_QUEUE_POLL_MS", "250")
    assert poll_seconds() == 0.25
    for bad in ("50", "60000"):
        monkeypatch.setenv("VOICE_QUEUE_POLL_MS", bad)
        with pytest.raises(ValueError, match="VOICE_QUEUE_POLL_MS is 200-10000"):
            poll_seconds()


def test_file_sources_have_no_queues(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert queue_desk_of(FileFlowSource([str(tmp_path)])) is None
    assert NoQueueDesk().enqueue("call", "support", (), 0, {}) is None


def test_the_generated_queue_music_is_a_phone_wav(tmp_path) -> None:  # type: ignore[no-untyped-def]
    music = hold_music(tmp_path)
    assert is_phone_format(music) and 1500 < duration_ms(music) < 3000
    assert hold_music(tmp_path) == music
