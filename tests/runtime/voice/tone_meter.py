"""An RTP meter for calls with agents: besides the sound it measures (`RtpMeter`), it keeps
the keys of the RFC 4733 events each port gets and when packets carrying mostly one tone came
(the agent's microphone), so the agent's voice is told from the queue music (whose notes are
523, 659 and 784 Hz) however a busy machine spaces the packets."""

from __future__ import annotations

import math

from tests.runtime.voice.rtp_meter import ULAW, RtpMeter, StreamStats

TELEPHONE_EVENT = 101
"""The key events' payload type in the test callers' SDP (`tests.runtime.voice.sipp`)."""
KEYS = "0123456789*#"
TONE_SHARE = 0.5
"""A packet whose energy is mostly at the tone's frequency carries the tone."""
SOUND_ENERGY = 300 * 300
"""Mean square below which a packet is quiet (no tone to look for)."""


class ToneMeter(RtpMeter):
    """`RtpMeter` plus, per port, the RFC 4733 keys received and when `tone_hz` arrived."""

    def __init__(self, ports: list[int], tone_hz: int):
        self.keys: dict[int, list[str]] = {port: [] for port in ports}
        self.tone_at: dict[int, list[float]] = {port: [] for port in ports}
        self._ended: dict[int, set[int]] = {port: set() for port in ports}
        self._port_of: dict[int, int] = {}
        coefficient = 2 * math.cos(2 * math.pi * tone_hz / 8000)
        self._coefficient = coefficient
        super().__init__(ports)
        self._port_of = {id(stats): port for port, stats in self.stats.items()}

    def _packet(self, stats: StreamStats, data: bytes, now: float) -> None:  # type: ignore[override]
        port = self._port_of.get(id(stats))
        if len(data) >= 16 and (data[1] & 0x7F) == TELEPHONE_EVENT:
            timestamp = int.from_bytes(data[4:8], "big")
            if port is not None and data[13] & 0x80 and timestamp not in self._ended[port] \
                    and data[12] < len(KEYS):
                self._ended[port].add(timestamp)  # the end packet comes three times
                self.keys[port].append(KEYS[data[12]])
            return
        RtpMeter._packet(stats, data, now)
        if port is not None and len(data) > 12 and (data[1] & 0x7F) == 0 \
                and self._tone_share(data[12:]) > TONE_SHARE:
            self.tone_at[port].append(now)

    def _tone_share(self, payload: bytes) -> float:
        """The share of the packet's energy at the tone's frequency (Goertzel)."""
        samples = [ULAW[byte] for byte in payload]
        energy = sum(value * value for value in samples)
        if energy < SOUND_ENERGY * len(samples):
            return 0.0
        before = last = 0.0
        for value in samples:
            before, last = last, value + self._coefficient * last - before
        power = last * last + before * before - self._coefficient * last * before
        return float(2 * power / (len(samples) * energy))

    def tone_s(self, port: int, start: float, end: float) -> float:
        """Seconds of the tone heard on `port` between `start` and `end` (monotonic)."""
        return 0.02 * sum(1 for at in self.tone_at[port] if start <= at <= end)
