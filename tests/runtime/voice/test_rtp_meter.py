"""The RTP meter's self-check: a sampled stream that stops before the call ends is a failed
sample, not a clean one (the benchmark's meter once went deaf at the caller's first key)."""

from __future__ import annotations

import socket
import struct
import time

from tests.runtime.voice.rtp_meter import (
    SO_TIMESTAMPNS,
    RtpMeter,
    StreamStats,
    arrival,
    short_streams,
)

PACKET = bytes([0x80, 0]) + bytes(10) + bytes([0x00]) * 160


def stream(seconds: float, *, start: float = 100.0) -> StreamStats:
    stats = StreamStats()
    for index in range(int(seconds / 0.02)):
        RtpMeter._packet(stats, PACKET, start + index * 0.02)
    return stats


def test_a_stream_that_stops_early_is_a_failed_sample() -> None:
    streams = {47000: stream(30.0), 47002: stream(2.6), 47004: StreamStats()}
    assert short_streams(streams, call_ms=30_000) == [47002, 47004]
    assert streams[47002].max_gap_ms <= 20.1


def test_streams_that_last_the_call_pass() -> None:
    streams = {47000: stream(29.5), 47002: stream(30.0)}
    assert short_streams(streams, call_ms=30_000) == []
    assert streams[47000].stream_ms >= 29_000


def test_a_packet_is_timed_by_the_kernels_receive_time_when_asked() -> None:
    """With `kernel_time` a packet counts from when it reached the socket, so a meter thread
    that reads late (its process busy) does not make a gap the sender never made."""
    received = time.time() - 0.25
    stamp = struct.pack("qq", int(received), int((received % 1) * 1e9))
    read_at = time.monotonic()
    moment = arrival([(socket.SOL_SOCKET, SO_TIMESTAMPNS, stamp)], read_at)
    assert abs((read_at - moment) - 0.25) < 0.01
    assert arrival([], read_at) == read_at  # no receive time: when it was read


def test_a_meter_on_kernel_time_measures_real_packets() -> None:
    meter = RtpMeter([47010], limit_s=10, kernel_time=True)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            for _ in range(3):
                sender.sendto(PACKET, ("127.0.0.1", 47010))
                time.sleep(0.05)
            deadline = time.monotonic() + 5
            while meter.stats[47010].packets < 3 and time.monotonic() < deadline:
                time.sleep(0.02)
    finally:
        stats = meter.stop()[47010]
    assert stats.packets == 3
    assert stats.max_gap_ms >= 49  # the senders' pauses, from the kernel's times
