"""Listens to the RTP a worker sends to a test caller: how much audio, how loud, any gaps.

The test callers' SDP points their audio at these sockets (one per sampled call), so the
prompts a worker plays can be checked: PCMU payloads are decoded and 20 ms packets whose peak
is above a threshold count as sound; the largest gap between packets shows whether the stream
stayed steady. A call can also be spoken to from its socket (`speak`, see `speech_rtp`).
"""

from __future__ import annotations

import selectors
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

from tests.runtime.voice.speech_rtp import RtpSpeaker


def _ulaw_table() -> list[int]:
    table = []
    for byte in range(256):
        value = ~byte & 0xFF
        sign = value & 0x80
        exponent = (value >> 4) & 0x07
        mantissa = value & 0x0F
        sample = ((mantissa << 3) + 0x84) << exponent
        sample -= 0x84
        table.append(-sample if sign else sample)
    return table


ULAW = _ulaw_table()
SOUND_PEAK = 600
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
"""Linux: each datagram carries the kernel's receive time (a `timespec`, wall clock)."""


def arrival(ancillary: list[tuple[int, int, bytes]], read_at: float) -> float:
    """When a datagram reached the socket, on the monotonic clock: the kernel's receive time
    when `ancillary` has it, else `read_at` (when it was read)."""
    for level, kind, value in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(value) >= 16:
            seconds, nanoseconds = struct.unpack("qq", value[:16])
            return seconds + nanoseconds / 1e9 + (time.monotonic() - time.time())
    return read_at


@dataclass
class StreamStats:
    packets: int = 0
    sound_packets: int = 0
    first_at: float | None = None
    first_sound_at: float | None = None
    last_at: float | None = None
    max_gap_ms: float = 0.0
    sound_runs: list[tuple[float, float]] = field(default_factory=list)
    peer: tuple[str, int] | None = None

    @property
    def sound_ms(self) -> int:
        return self.sound_packets * 20

    @property
    def stream_ms(self) -> float:
        """From the first packet to the last: how long the worker kept sending."""
        if self.first_at is None or self.last_at is None:
            return 0.0
        return (self.last_at - self.first_at) * 1000

    def first_run_ms(self, bridge_ms: int = 400) -> float:
        """Length of the first stretch of sound (pauses shorter than `bridge_ms` inside it)."""
        if not self.sound_runs:
            return 0.0
        start, end = self.sound_runs[0]
        for next_start, next_end in self.sound_runs[1:]:
            if (next_start - end) * 1000 > bridge_ms:
                break
            end = next_end
        return (end - start) * 1000 + 20


def short_streams(streams: dict[int, StreamStats], call_ms: float,
                  slack_ms: float = 1000.0) -> list[int]:
    """The ports whose stream did not last the whole call (`call_ms`, less `slack_ms` for
    set-up and tear-down): failed samples. A stream that stops early says nothing about the
    rest of the call, so its gaps and sound must not count as a clean sample."""
    return sorted(port for port, stats in streams.items()
                  if stats.stream_ms < call_ms - slack_ms)


class RtpMeter:
    """One thread reading many sockets (bounded run time: stop() or `limit_s`).

    `kernel_time`: time each packet by when the kernel received it rather than when this
    thread reads it, so a meter in a busy process (a bench running other threads beside it)
    shows the sender's gaps, not its own stalls."""

    def __init__(self, ports: list[int], host: str = "127.0.0.1", limit_s: float = 300.0,
                 *, kernel_time: bool = False):
        self.kernel_time = kernel_time
        self.selector = selectors.DefaultSelector()
        self.stats: dict[int, StreamStats] = {}
        self.sockets = []
        self.by_port: dict[int, socket.socket] = {}
        self.speakers: list[RtpSpeaker] = []
        for port in ports:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind((host, port))
            if kernel_time:
                sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ, port)
            self.sockets.append(sock)
            self.by_port[port] = sock
            self.stats[port] = StreamStats()
        self.deadline = time.monotonic() + limit_s
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running and time.monotonic() < self.deadline:
            for key, _ in self.selector.select(0.1):
                try:
                    data, ancillary, _, source = key.fileobj.recvmsg(  # type: ignore[union-attr]
                        2048, 64 if self.kernel_time else 0)
                except BlockingIOError:
                    continue
                stats = self.stats[key.data]
                if stats.peer is None:
                    stats.peer = source
                self._packet(stats, data, arrival(ancillary, time.monotonic()))

    @staticmethod
    def _packet(stats: StreamStats, data: bytes, now: float) -> None:
        if len(data) < 12 or (data[1] & 0x7F) != 0:
            return
        stats.packets += 1
        if stats.first_at is None:
            stats.first_at = now
        if stats.last_at is not None:
            stats.max_gap_ms = max(stats.max_gap_ms, (now - stats.last_at) * 1000)
        stats.last_at = now
        payload = data[12:]
        peak = max((abs(ULAW[b]) for b in payload), default=0)
        if peak >= SOUND_PEAK:
            stats.sound_packets += 1
            if stats.first_sound_at is None:
                stats.first_sound_at = now
            if stats.sound_runs and (now - stats.sound_runs[-1][1]) < 0.05:
                stats.sound_runs[-1] = (stats.sound_runs[-1][0], now)
            else:
                stats.sound_runs.append((now, now))

    def speak(self, port: int, payloads: list[bytes], *, after_ms: int,
              quiet_s: float = 0.5) -> RtpSpeaker:
        """Answer the call on `port` like a caller: `after_ms` after its first packet (the
        prompts' length), once its prompts have been heard and `quiet_s` of quiet followed,
        send `payloads` (20 ms PCMU) from the same socket (symmetric RTP)."""
        stats = self.stats[port]

        def ready() -> tuple[str, int] | None:
            if stats.first_at is None or not stats.sound_runs:
                return None
            now = time.monotonic()
            if now - stats.first_at < after_ms / 1000 or now - stats.sound_runs[-1][1] < quiet_s:
                return None
            return stats.peer

        speaker = RtpSpeaker(self.by_port[port], ready, payloads)
        self.speakers.append(speaker)
        return speaker

    def stop(self) -> dict[int, StreamStats]:
        for speaker in self.speakers:
            speaker.stop()
        self.running = False
        self.thread.join(5)
        for sock in self.sockets:
            self.selector.unregister(sock)
            sock.close()
        self.selector.close()
        return self.stats
