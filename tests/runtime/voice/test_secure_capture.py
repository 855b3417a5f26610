"""A secure answer's capture file: private while it exists, and gone once read."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest

from runtime.voice.audio_files import Samples, samples_of, tone, write_pcm
from runtime.voice.secure_capture import private_capture, take_samples


def test_the_capture_is_private_and_outside_any_recordings_folder() -> None:
    path = private_capture()
    try:
        assert path.parent == Path(tempfile.gettempdir())
        assert path.exists() and path.stat().st_size == 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        path.unlink(missing_ok=True)


def test_taking_the_samples_deletes_the_file(tmp_path: Path) -> None:
    path = private_capture(tmp_path)
    pcm = tone(440, 200)
    write_pcm(path, pcm)
    taken = take_samples(path)
    assert not path.exists()
    assert taken == Samples(pcm, 8000)
    assert samples_of(taken) == (pcm, 8000)


def test_an_unreadable_capture_is_deleted_too(tmp_path: Path) -> None:
    path = private_capture(tmp_path)
    path.write_bytes(b"not a wave file")
    with pytest.raises(ValueError, match="not a WAV file"):
        take_samples(path)
    assert not path.exists()
