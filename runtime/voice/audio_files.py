"""WAV files as the media worker plays and records them: 8 kHz, mono, 16-bit PCM.

The conference bridge of a worker runs at 8 kHz (G.711's rate), so every file it plays is
converted to that format once, when it enters a cache, instead of being resampled on every play.
"""

from __future__ import annotations

import math
import os
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

RATE = 8000
SAMPLE_WIDTH = 2


def duration_ms(path: Path) -> int:
    with wave.open(str(path), "rb") as handle:
        return int(handle.getnframes() * 1000 / (handle.getframerate() or RATE))


def is_phone_format(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as handle:
            return (handle.getframerate() == RATE and handle.getnchannels() == 1
                    and handle.getsampwidth() == SAMPLE_WIDTH and handle.getcomptype() == "NONE")
    except (wave.Error, EOFError, OSError):
        return False


def atomic_write(target: Path, data: bytes) -> None:
    """Write a file so that concurrent readers in other workers see it whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_pcm(target: Path, samples: bytes) -> None:
    """Raw 16-bit little-endian mono samples at 8 kHz as a WAV file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        with wave.open(temporary, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(SAMPLE_WIDTH)
            out.setframerate(RATE)
            out.writeframes(samples)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def tone(frequency: float, milliseconds: int, amplitude: float = 0.4) -> bytes:
    count = RATE * milliseconds // 1000
    peak = int(32767 * amplitude)
    return b"".join(struct.pack("<h", int(peak * math.sin(2 * math.pi * frequency * n / RATE)))
                    for n in range(count))


def ensure_beep(folder: Path) -> Path:
    """The tone played before a recording starts (1 kHz, 250 ms, then 50 ms of silence)."""
    path = folder / "beep.wav"
    if not path.exists():
        write_pcm(path, tone(1000, 250) + b"\x00\x00" * (RATE // 20))
    return path


def convert_to_phone_format(source: Path, target: Path) -> Path:
    """A copy of any WAV file in the worker's format (sox does the resampling)."""
    if is_phone_format(source):
        return source
    sox = shutil.which("sox")
    if sox is None:
        raise RuntimeError("sox is needed to convert prompt audio to 8 kHz mono (apt-get install "
                           "sox)")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.part.wav")
    subprocess.run([sox, str(source), "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed",
                    str(temporary)], check=True, capture_output=True, timeout=30)
    os.replace(temporary, target)
    return target


def peak_level(path: Path) -> int:
    """The largest absolute sample of a recording (0 for silence): tells speech from nothing."""
    with wave.open(str(path), "rb") as handle:
        frames = handle.readframes(handle.getnframes())
    if len(frames) < 2:
        return 0
    count = len(frames) // 2
    return max(abs(value) for value in struct.unpack(f"<{count}h", frames[: count * 2]))
