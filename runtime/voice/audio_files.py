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
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

RATE = 8000
SAMPLE_WIDTH = 2


@dataclass(frozen=True, slots=True)
class Samples:
    """A recording already read into memory (16-bit mono PCM): a secure answer is decoded
    from these, its file gone before the decoder starts."""

    pcm: bytes = field(repr=False)
    rate: int


Heard = Path | Samples
"""What a recogniser decodes: a recording on disk or its samples in memory."""


def samples_of(heard: Heard) -> tuple[bytes, int]:
    """The samples and rate of `heard`, read from disk when it is a file (`read_recording`)."""
    if isinstance(heard, Samples):
        return heard.pcm, heard.rate
    return read_recording(heard)


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


def read_recording(path: Path, wait_s: float = 1.0) -> tuple[bytes, int]:
    """The samples (16-bit mono PCM) and sample rate of a recording the worker just stopped.

    pjmedia (2.14 and later) takes a recorder off the conference bridge asynchronously: the WAV
    writer flushes its buffer and fills in the header's lengths when the media clock gets to it,
    a few milliseconds after the recorder was dropped, and until then the header says the file
    is empty. This waits for the lengths (at most `wait_s`, off the worker's loop); a header
    that never gets them (the worker is stopping) is read up to the end of the file instead.
    """
    deadline = time.monotonic() + wait_s
    while True:
        data = path.read_bytes()
        parsed = _wav_parts(data)
        if parsed is None:
            raise ValueError(f"{path.name} is not a WAV file")
        samples, rate, complete = parsed
        if complete or time.monotonic() >= deadline:
            return samples, rate
        time.sleep(0.01)


def _wav_parts(data: bytes) -> tuple[bytes, int, bool] | None:
    """(samples, rate, whether the header's lengths are filled in) of a 16-bit mono WAV."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    riff_size = int.from_bytes(data[4:8], "little")
    offset, rate = 12, RATE
    while offset + 8 <= len(data):
        chunk, size = data[offset:offset + 4], int.from_bytes(data[offset + 4:offset + 8], "little")
        body = offset + 8
        if chunk == b"fmt " and size >= 16:
            channels, rate, _, _, bits = struct.unpack("<HIIHH", data[body + 2:body + 16])
            if channels != 1 or bits != 16:
                return None
        elif chunk == b"data":
            complete = riff_size > 0 and size > 0
            end = body + size if complete else len(data)
            samples = data[body:min(end, len(data))]
            return samples[: len(samples) // 2 * 2], rate, complete
        offset = body + size + (size & 1)
    return b"", rate, False
