"""A test caller that speaks: a WAV file sent as PCMU RTP from the port the caller listens on.

Phones send and receive RTP on one port, and pjmedia relies on it: when RTP arrives from
another address than the SDP named, it switches its own sending to that address (symmetric
RTP, for callers behind NAT). SIPp's `play_pcap_audio` sends from SIPp's media port, so a test
that listens to the worker on another port (the `RtpMeter`) would lose the worker's audio as
soon as the caller spoke. `RtpSpeaker` therefore sends from the meter's own socket, when
`ready()` gives the address to send to (the meter: once the question has been heard), the
speech and then a little silence, in 20 ms packets with increasing sequence numbers and
timestamps, paced by the clock.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

FRAME = 160
PCMU = 0
SILENCE = b"\xff" * FRAME
_BIAS = 0x84
_CLIP = 32635


def ulaw(sample: int) -> int:
    """One 16-bit sample as a G.711 μ-law byte."""
    sign = 0
    if sample < 0:
        sign, sample = 0x80, -sample
    sample = min(sample, _CLIP) + _BIAS
    exponent, mask = 7, 0x4000
    while exponent > 0 and not sample & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def pcmu_frames(wav: Path) -> list[bytes]:
    """The WAV (8 kHz, 16-bit mono) as 20 ms μ-law payloads, the last one padded."""
    with wave.open(str(wav), "rb") as handle:
        if (handle.getframerate(), handle.getsampwidth(), handle.getnchannels()) != (8000, 2, 1):
            raise ValueError(f"{wav} is not 8 kHz 16-bit mono")
        frames = handle.readframes(handle.getnframes())
    samples = struct.unpack(f"<{len(frames) // 2}h", frames[: len(frames) // 2 * 2])
    encoded = bytes(ulaw(sample) for sample in samples)
    encoded += b"\xff" * (-len(encoded) % FRAME)
    return [encoded[i:i + FRAME] for i in range(0, len(encoded), FRAME)]


class RtpSpeaker:
    """Speaks `payloads` into a call through `sock` once `ready()` returns where to send them."""

    def __init__(self, sock: socket.socket, ready: Callable[[], tuple[str, int] | None],
                 payloads: list[bytes], *, tail_s: float = 1.0, ssrc: int = 0x5EEC4,
                 limit_s: float = 60):
        self.sock = sock
        self.ready = ready
        self.payloads = payloads
        self.tail_s = tail_s
        self.ssrc = ssrc
        self.limit_s = limit_s
        self.spoke_at: float | None = None
        self.sent = 0
        self.worst_lag_ms = 0.0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        deadline = time.monotonic() + self.limit_s
        address = None
        while address is None and not self.stopping.wait(0.01):
            if time.monotonic() > deadline:
                return
            address = self.ready()
        if address is None:
            return
        start = self.spoke_at = time.monotonic()
        stream = self.payloads + [SILENCE] * int(self.tail_s / 0.02)
        for index, payload in enumerate(stream):
            pause = start + index * 0.02 - time.monotonic()
            if pause > 0 and self.stopping.wait(pause):
                return
            self.worst_lag_ms = max(self.worst_lag_ms, -pause * 1000)
            header = struct.pack("!BBHII", 0x80, PCMU | (0x80 if index == 0 else 0),
                                 (1000 + index) & 0xFFFF, (16000 + index * FRAME) & 0xFFFFFFFF,
                                 self.ssrc)
            try:
                self.sock.sendto(header + payload, address)
            except OSError:
                return
            self.sent += 1

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(5)
