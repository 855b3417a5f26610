"""The RTP meter's self-check: a sampled stream that stops before the call ends is a failed
sample, not a clean one (the benchmark's meter once went deaf at the caller's first key)."""

from __future__ import annotations

from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats, short_streams

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
