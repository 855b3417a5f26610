"""WAV checks for prompt uploads."""

from __future__ import annotations

import pytest

from designer_ui.errors import ApiError
from designer_ui.services.audio import check_wav
from tests.designer_ui.helpers import wav_bytes


def test_real_wav_passes() -> None:
    check_wav(wav_bytes(), "audio/x-wav", 1024 * 1024)


@pytest.mark.parametrize(("data", "kind", "status"), [
    (wav_bytes(), "audio/mpeg", 415),
    (b"RIFF\x00\x00\x00\x00WAVE" + b"\x00" * 40, "audio/wav", 415),
    (b"\x00" * 100, "audio/wav", 415),
    (wav_bytes(4000), "audio/wav", 413),
])
def test_bad_audio_is_refused(data: bytes, kind: str, status: int) -> None:
    with pytest.raises(ApiError) as caught:
        check_wav(data, kind, 4000)
    assert caught.value.status == status
