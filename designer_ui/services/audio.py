"""Checks uploaded prompt audio: only real WAV files (RIFF/WAVE header, PCM-family format
chunk), and not too large, whatever the browser claims the file is."""

from __future__ import annotations

import struct

from designer_ui.errors import ApiError

WAV_TYPE = "audio/wav"
ACCEPTED_TYPES = ("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave")
WAV_FORMATS = {1: "PCM", 3: "IEEE float", 6: "A-law", 7: "mu-law", 0xFFFE: "extensible"}


def check_wav(data: bytes, declared_type: str, max_bytes: int) -> None:
    if declared_type not in ACCEPTED_TYPES:
        raise ApiError(415, "Prompts take WAV audio only (Content-Type: audio/wav).")
    if len(data) > max_bytes:
        raise ApiError(413, f"Audio files may be at most {max_bytes // (1024 * 1024)} MB.")
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ApiError(415, "This file is not a WAV file (no RIFF/WAVE header).",
                       code="not_wav")
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, size = data[offset:offset + 4], struct.unpack("<I", data[offset + 4:offset + 8])[0]
        if chunk_id == b"fmt ":
            if size < 16 or offset + 8 + 16 > len(data):
                break
            audio_format, channels, rate = struct.unpack("<HHI", data[offset + 8:offset + 16])
            if audio_format not in WAV_FORMATS or not 1 <= channels <= 8 or not 1000 <= rate <= 192000:
                raise ApiError(415, "This WAV file uses an audio format prompts cannot play.",
                               code="not_wav")
            return
        offset += 8 + size + (size & 1)
    raise ApiError(415, "This WAV file has no format chunk.", code="not_wav")
