"""Sorting RTP gaps: one worker alone, or several workers at once (the machine stalled)."""

from __future__ import annotations

import socket
import time

from bench.rtp_stalls import Gap, StallMeter, sorted_gaps

PACKET = bytes([0x80, 0]) + bytes(10) + bytes([0xFF]) * 160


def test_gaps_several_workers_had_at_once_are_the_machines() -> None:
    gaps = [Gap(10.000, 65.0, 0), Gap(10.004, 62.0, 3), Gap(10.020, 48.0, 5),  # one stall
            Gap(20.000, 70.0, 1), Gap(20.003, 45.0, 1),  # two streams of one worker
            Gap(30.000, 41.0, 2), Gap(30.035, 41.0, 4)]  # barely touching: each alone
    assert sorted_gaps(gaps) == {"alone_max_ms": 70.0, "alone_over_60": 1,
                                 "together_max_ms": 65.0, "together_over_60": 2}
    assert sorted_gaps([]) == {"alone_max_ms": 0.0, "alone_over_60": 0,
                               "together_max_ms": 0.0, "together_over_60": 0}


def test_the_meter_logs_long_gaps_with_the_sending_worker() -> None:
    meter = StallMeter([38810], rtp_base=38800, rtp_span=40, limit_s=10)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.bind(("127.0.0.1", 38882))  # worker 2's span: 38880-38919
            sender.sendto(PACKET, ("127.0.0.1", 38810))
            time.sleep(0.08)
            sender.sendto(PACKET, ("127.0.0.1", 38810))
            deadline = time.monotonic() + 5
            while meter.stats[38810].packets < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
    finally:
        meter.stop()
    assert [(gap.worker, gap.gap_ms >= 79) for gap in meter.gaps] == [(2, True)]
