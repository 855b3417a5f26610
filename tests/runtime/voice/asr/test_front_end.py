"""Phone audio upsampled for the 16 kHz model, piece by piece."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from runtime.voice.asr.front_end import PhoneFrontEnd, Upsampler


def values(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<i2").astype(np.float64)


def in_pieces(process: Callable[[bytes], bytes], data: bytes, size: int) -> bytes:
    return b"".join(process(data[offset:offset + size]) for offset in range(0, len(data), size))


def test_upsampling_keeps_the_band_and_leaves_no_mirror_image() -> None:
    time = np.arange(8000) / 8000
    tone = 8000 * np.sin(2 * np.pi * 1000 * time)
    upsampler = Upsampler()
    out = np.concatenate([upsampler.process(tone[offset:offset + 160])
                          for offset in range(0, len(tone), 160)])
    assert len(out) == 2 * len(tone)
    spectrum = np.abs(np.fft.rfft(out[1600:] * np.hanning(len(out) - 1600)))
    frequencies = np.fft.rfftfreq(len(out) - 1600, 1 / 16000)
    at = spectrum[np.argmin(np.abs(frequencies - 1000))]
    image = spectrum[np.argmin(np.abs(frequencies - 7000))]
    assert 20 * np.log10(at / image) > 40  # linear interpolation leaves it at about 20 dB
    assert abs(np.sqrt(np.mean(out[1600:] ** 2)) - 8000 / np.sqrt(2)) < 200  # same level


def test_front_end_gives_16_khz_with_a_faint_floor() -> None:
    front_end = PhoneFrontEnd(8000)
    silence = b"\x00\x00" * 8000
    out = in_pieces(front_end.process, silence, 320)
    assert len(out) == 2 * len(silence)
    level = np.sqrt(np.mean(values(out) ** 2))
    assert 10 < level < 40  # the fixed floor, nothing else
    wideband = PhoneFrontEnd(16000)
    assert len(wideband.process(b"\x00\x00" * 1600)) == 3200
